/**
 * What the plan workflow found behind a Kili-hosted URL that a remote asset holds without a
 * `kiliSync` upload record (an asset the SDK or the Kili app uploaded). The planner compares
 * declared inline text with it, so adopting such assets plans no change; it never fetches
 * anything itself.
 */
export type HostedFileFacts =
  | {
      /** sha256 of the bytes the URL served. */
      sha256: string;
      /** Those bytes as UTF-8 text (compared as JSON for `jsonContent`). */
      text: string;
    }
  | {
      /** Why it could not be read: the declared text then counts as different. */
      unreadable: string;
    };

/** Facts by the exact URL the remote asset holds. */
export type HostedFileFactsByUrl = ReadonlyMap<string, HostedFileFacts>;
