import { describeRemoteContent, hideCredentialsDeep } from './hide-credentials.js';
import type { HostedFileFactsByUrl } from './hosted-file-facts.js';
import {
  hashText,
  serializeJsonContent,
  UPLOAD_RECORD_KEYS,
  uploadsContent,
  uploadsJsonContent,
} from './inline-uploads.js';
import type { LocalFileFactsByPath } from './local-file-facts.js';
import {
  displayRemoteJsonContent,
  isPlainObject,
  isSameJsonContent,
  parseRemoteJsonContent,
} from './normalize.js';
import type { RemoteAsset } from './remote-state.js';
import type { FieldChange } from './types.js';

/** What the planner knows beyond the two assets when it compares content. */
export interface ContentContext {
  inputType: string;
  /** Facts about Kili-hosted URLs the workflow fetched (see hosted-file-facts.ts). */
  hostedFiles: HostedFileFactsByUrl;
  /** Facts of the local files the manifests reference (frames among them). */
  localFiles: LocalFileFactsByPath;
}

/**
 * One content field compared: the change, if any; the sha256 of the text to upload for it;
 * whether the field's upload record must go (new content that is not an upload).
 */
export interface ContentFieldDiff {
  change?: FieldChange;
  upload?: { sha256: string };
  forgetRecord?: boolean;
}

/** A field that stays as it is (shared: read only, and the common case by far). */
export const NO_CONTENT_CHANGE: Readonly<ContentFieldDiff> = Object.freeze({});

/** The recorded sha256 of a field's last upload, from the remote `kiliSync` value. */
export function recordedSha256(reserved: unknown, key: string): string | undefined {
  if (!isPlainObject(reserved)) return undefined;
  const value = reserved[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What a hosted URL served, when the workflow fetched it (or remembered it) and it could be read. */
function hostedText(
  url: string,
  context: ContentContext,
): { sha256: string; text?: string } | undefined {
  const facts = context.hostedFiles.get(url);
  return facts !== undefined && 'sha256' in facts ? facts : undefined;
}

/**
 * Inline `content` (not a local file). Uploaded text is compared by the sha256 recorded when it
 * was uploaded; without a record, with the remote content itself (stored inline) or with what
 * its Kili-hosted URL served.
 */
export function diffInlineContent(
  desired: string,
  remote: RemoteAsset,
  reserved: unknown,
  context: ContentContext,
): ContentFieldDiff {
  // No closure for the `before` value: this runs once per declared asset, nearly always unchanged.
  const recorded = recordedSha256(reserved, UPLOAD_RECORD_KEYS.content);
  if (!uploadsContent(context.inputType, desired)) {
    if (desired === remote.content) return NO_CONTENT_CHANGE;
    return {
      change: { before: describeRemoteContent(remote.content, recorded), after: desired },
      forgetRecord: recorded !== undefined,
    };
  }
  const sha256 = hashText(desired);
  const same =
    recorded !== undefined
      ? recorded === sha256
      : desired === remote.content || hostedText(remote.content, context)?.sha256 === sha256;
  if (same) return NO_CONTENT_CHANGE;
  return {
    change: { before: describeRemoteContent(remote.content, recorded), after: desired },
    upload: { sha256 },
  };
}

/**
 * `jsonContent`. Uploaded rich text is compared by its recorded sha256; without a record, as
 * parsed JSON with the remote value itself or with what its Kili-hosted URL served.
 */
export function diffJsonContent(
  desired: unknown,
  remote: RemoteAsset,
  reserved: unknown,
  context: ContentContext,
): ContentFieldDiff {
  const recorded = recordedSha256(reserved, UPLOAD_RECORD_KEYS.jsonContent);
  const current = parseRemoteJsonContent(remote.jsonContent);
  const before = () =>
    recorded !== undefined
      ? describeRemoteContent(remote.jsonContent, recorded)
      : hideCredentialsDeep(displayRemoteJsonContent(current));
  if (!uploadsJsonContent(context.inputType, desired)) {
    if (isSameJsonContent(desired, current)) return NO_CONTENT_CHANGE;
    return { change: { before: before(), after: desired }, forgetRecord: recorded !== undefined };
  }
  const sha256 = hashText(serializeJsonContent(desired));
  let same: boolean;
  if (recorded !== undefined) same = recorded === sha256;
  else {
    const hosted = hostedText(remote.jsonContent, context)?.text;
    same =
      isSameJsonContent(desired, current) ||
      (hosted !== undefined && isSameJsonContent(desired, parseRemoteJsonContent(hosted)));
  }
  return same
    ? NO_CONTENT_CHANGE
    : { change: { before: before(), after: desired }, upload: { sha256 } };
}
