/**
 * Plans, PR comments, step summaries and artifacts are read by many more people than the data.
 * A signed URL fetches its file without an API key, so outputs must never carry one: Kili's own
 * (`…/files?signature=…&id=…`), S3's (`X-Amz-Signature`), GCS's (`X-Goog-Signature`), Azure's
 * SAS (`sig`), or any URL with a parameter that looks like a credential.
 */

/** Query or fragment parameter names that carry credentials. */
const CREDENTIAL_NAME =
  /sig|signature|token|secret|passw|credential|auth|api[-_]?key|^key$|policy|session/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`\\]+/gi;
export const HIDDEN = '[hidden]';

/** Whether a URL carries a credential in a parameter or its user info. */
export function hasCredentials(url: string): boolean {
  return hideUrlCredentials(url) !== url;
}

/** Every URL in `text` with credential values replaced by `[hidden]`; the rest unchanged. */
export function hideCredentials(text: string): string {
  return text.replace(URL_IN_TEXT, hideUrlCredentials);
}

/** `hideCredentials` applied to every string inside a JSON value. */
export function hideCredentialsDeep(value: unknown): unknown {
  if (typeof value === 'string') return hideCredentials(value);
  if (Array.isArray(value)) return value.map(hideCredentialsDeep);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, hideCredentialsDeep(item)]),
    );
  }
  return value;
}

/**
 * How remote content is shown: a file kili-sync uploaded as its hash (what it is), any other
 * signed URL with its credentials hidden, anything else as it is.
 */
export function describeRemoteContent(content: string, uploadedSha256: unknown): string {
  if (!hasCredentials(content)) return content;
  if (typeof uploadedSha256 === 'string' && uploadedSha256 !== '') {
    return `uploaded file sha256:${uploadedSha256.slice(0, 12)}…`;
  }
  return hideUrlCredentials(content);
}

function hideUrlCredentials(url: string): string {
  // user:password@host
  let shown = url.replace(/^(https?:\/\/)([^/@\s]+)@/i, (_all, scheme: string, userInfo: string) =>
    userInfo.includes(':') ? `${scheme}${userInfo.split(':')[0]}:${HIDDEN}@` : _all,
  );
  shown = shown.replace(/([?#&;])([^=&#;]+)=([^&#;]*)/g, (all, separator: string, name: string) =>
    CREDENTIAL_NAME.test(safeDecode(name)) ? `${separator}${name}=${HIDDEN}` : all,
  );
  return shown;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
