import { suggestName } from './suggest-name.js';

/** `scheme://` at the start of a value: content written as a URL. */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/** Schemes of real protocols and stores: not typos of https, just not what Kili fetches. */
const OTHER_SCHEMES = new Set([
  'ftp',
  'ftps',
  'sftp',
  'ssh',
  'file',
  's3',
  'gs',
  'az',
  'abfs',
  'abfss',
  'wasb',
  'wasbs',
  'hdfs',
  'smb',
]);

/** `https//…`, `http:/…`: a URL whose `://` slipped. */
const SLIPPED_SEPARATOR = /^https?(\/\/|:\/(?!\/))/i;

/**
 * What is wrong with `content` that is meant as a URL, if anything. Kili fetches content from
 * http(s) URLs only: `htps://…` or `ftp://…` would pass a plan and fail (or be stored as a dead
 * link) in Kili. Checked offline by `validate`, whatever the project type; content that does not
 * start like a URL (inline text, a path) is left to `plan`, which knows the project's type.
 */
export function describeContentUrlProblem(
  content: string,
): { message: string; hint: string } | undefined {
  const scheme = SCHEME.exec(content)?.[1];
  if (scheme !== undefined) {
    const lower = scheme.toLowerCase();
    if (lower === 'http' || lower === 'https') {
      // `https:///x` would parse with `x` as its host: the authority is read as written.
      const authority = content.slice(scheme.length + 3).split(/[/?#]/, 1)[0] ?? '';
      if (authority !== '' && URL.canParse(content)) return undefined;
      return {
        message: `content '${lower}://…' names no host`,
        hint: 'write the whole URL, e.g. https://cdn.example.com/cats/0001.jpg',
      };
    }
    const meant = OTHER_SCHEMES.has(lower) ? undefined : suggestName(lower, ['https', 'http']);
    if (meant !== undefined) {
      return {
        message: `content starts with '${scheme}://', not a scheme — did you mean '${meant}://'?`,
        hint: `write ${meant}://…`,
      };
    }
    return {
      message: `Kili fetches content from http(s) URLs, not ${scheme}://`,
      hint: 'serve the file over https (a public or signed URL), or write `file: <path>` for a local file',
    };
  }
  if (SLIPPED_SEPARATOR.test(content)) {
    return {
      message: "content looks like a URL whose '://' is mistyped",
      hint: 'write https://host/path',
    };
  }
  return undefined;
}
