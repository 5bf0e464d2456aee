/**
 * What the plan workflow found behind a Kili-hosted URL that a remote asset holds without a
 * `kiliSync` upload record (an asset the SDK or the Kili app uploaded). The planner compares
 * declared inline text with it, so adopting such assets plans no change; it never fetches
 * anything itself.
 */
export type HostedFileFacts =
  | {
      /** sha256 of the bytes the URL served (what `content` is compared by). */
      sha256: string;
      /**
       * Those bytes as UTF-8 text, compared as JSON for `jsonContent`. A `content` file
       * remembered from an earlier plan (HostedFileRecord) comes without it.
       */
      text?: string;
    }
  | {
      /** Why it could not be read: the declared text then counts as different. */
      unreadable: string;
    };

/** Facts by the exact URL the remote asset holds. */
export type HostedFileFactsByUrl = ReadonlyMap<string, HostedFileFacts>;

/**
 * What a fetch of a remote asset's hosted field found, kept in the project's snapshot so that the
 * next plans need not fetch it again while the asset's `updatedAt` stays the same: any write to
 * the asset moves it, a new content URL included (the snapshot's incremental read rests on the
 * same rule).
 */
export interface HostedFileRecord {
  assetId: string;
  field: 'content' | 'jsonContent';
  /** The asset's `updatedAt` when the file was fetched. */
  updatedAt: string;
  sha256: string;
  /** The text, for `jsonContent` only; a `content` file is compared by its sha256. */
  text?: string;
}
