/**
 * Patterns of the schemas' strings, apart from the schema builder: the start-up bundle of
 * `validate` reads them without loading it.
 */

/**
 * No control character (C0, DEL, C1): an external ID holding a NUL or an escape sequence names
 * an asset nobody can type, and reaches terminals, logs and the PR comment as it is.
 */
export const WITHOUT_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

/**
 * An owner name (`owner:` in a manifest): what kili-sync writes on the assets it manages, read
 * back by every plan, shown in plans and PR comments: letters, digits, `.`, `_` and `-`,
 * starting with a letter or digit, at most 64 characters.
 */
export const OWNER_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
