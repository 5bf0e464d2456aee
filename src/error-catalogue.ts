/**
 * The catalogue of every failure kili-sync reports: one stable code (`KS0301`) per failure a
 * user acts on differently, its exit code, the hint printed when the place that fails has
 * nothing more specific to say, and the text of its section in docs/errors.md (generated from
 * this file by `npm run errors-doc`; a test fails while the two differ). A code, once
 * published, never changes meaning: retire it rather than reuse it.
 */

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
export const EXIT_INCOMPLETE = 3;
export const EXIT_INTERRUPTED = 130;

/** The family of a failure: what code inside kili-sync branches on (a retry, Ctrl-C). */
export type ErrorCode =
  | 'USAGE'
  | 'MANIFEST_INVALID'
  | 'NO_MANIFESTS'
  | 'AUTH'
  | 'NOT_FOUND'
  | 'API'
  | 'NETWORK'
  | 'RATE_LIMITED'
  | 'REFUSED'
  | 'STALE_PLAN'
  | 'PLAN_INVALID'
  | 'INCOMPLETE'
  | 'INTERRUPTED'
  | 'INTERNAL';

export interface CatalogueEntry {
  /** `KS` and four digits: the hundreds group a topic (see {@link CATALOGUE_GROUPS}). */
  code: string;
  kind: ErrorCode;
  /** `error` ends the command; `warning` is printed and the command goes on. */
  severity: 'error' | 'warning';
  exitCode: number;
  /** The heading of its section in docs/errors.md. */
  title: string;
  /** Printed when the failing place gives no hint of its own. */
  hint?: string;
  /** What happened and what to do, in the docs. */
  explanation: string;
}

type Entry = Omit<CatalogueEntry, 'severity' | 'exitCode'> &
  Partial<Pick<CatalogueEntry, 'severity' | 'exitCode'>>;

/** The topics of the hundreds, in the order docs/errors.md lists them. */
export const CATALOGUE_GROUPS: ReadonlyArray<readonly [prefix: string, title: string]> = [
  ['KS01', 'Command line and local files'],
  ['KS02', 'Manifests'],
  ['KS03', 'Connecting to Kili and its answers'],
  ['KS04', 'Saved plans and consent'],
  ['KS05', 'Outcomes of apply'],
  ['KS06', 'Doctor'],
  ['KS09', 'Interruptions and bugs'],
];

const ENTRIES = {
  usage: {
    code: 'KS0101',
    kind: 'USAGE',
    title: 'invalid command line',
    hint: 'run the command with --help to see what it takes',
    explanation:
      'An option, an argument or a combination of them that the command does not accept (an unknown option, a value out of range, `--manifests` without `--plan`). Nothing was read or sent.',
  },
  'unknown-project': {
    code: 'KS0102',
    kind: 'USAGE',
    title: '--project names a project no manifest targets',
    explanation:
      '`--project ID` selects some of the projects the manifests target; an ID that none of them targets is refused rather than ignored, since it is most likely a typo. The hint lists the projects the manifests declare.',
  },
  'cannot-write-output': {
    code: 'KS0103',
    kind: 'USAGE',
    title: 'an output file cannot be written',
    hint: 'check that the folder exists and is writable',
    explanation:
      'The file asked for with `--out` or `--html` could not be created or written (a missing folder, no permission, a full disk).',
  },
  'outside-root': {
    code: 'KS0104',
    kind: 'USAGE',
    title: 'a path leaves the manifest root',
    hint: 'give the folder itself, or choose the folder local files may come from with --root DIR',
    explanation:
      'kili-sync reads manifests and local files only inside one root folder: the git work tree that holds them, or `--root DIR`. A path that is not a folder, goes through a symbolic link with no work tree around it, or resolves outside the root is refused, so that a manifest cannot make kili-sync upload files from elsewhere on the machine.',
  },
  'cache-dir-link': {
    code: 'KS0105',
    kind: 'USAGE',
    title: 'the cache folder is a symbolic link',
    hint: 'remove the link, or pass --cache-dir DIR or --no-cache',
    explanation:
      'kili-sync keeps its caches (file hashes, snapshots of projects) only in a real folder inside the root; a link there could make it write elsewhere.',
  },
  'emulator-not-installed': {
    code: 'KS0106',
    kind: 'USAGE',
    title: 'the emulator is not installed',
    explanation:
      '`kili-sync emulator` needs the `@kili-sync/emulator` package, installed apart from the CLI. The hint says how to install it; see docs/emulator.md.',
  },
  'emulator-cannot-start': {
    code: 'KS0107',
    kind: 'USAGE',
    title: 'the emulator cannot start',
    explanation:
      'The emulator refused its options (a port already in use, a database it cannot open, a seed file it cannot read, a fault option out of range); the message names which.',
  },
  'manifest-invalid': {
    code: 'KS0201',
    kind: 'MANIFEST_INVALID',
    title: 'the manifests have problems',
    hint: 'fix the problems above; nothing was sent to Kili',
    explanation:
      'One or more problems in the manifests or the data files they read (YAML syntax, the schema, duplicate external IDs, missing or unreadable local files, content a project cannot take). Every problem is listed at once, each as `file:line:col` with a message and a hint of its own; `validate --format json` lists them under `errors`, each with this code. Nothing was sent to Kili.',
  },
  'no-manifests': {
    code: 'KS0202',
    kind: 'NO_MANIFESTS',
    title: 'no manifest found',
    hint: 'manifests are .yaml/.yml files with `apiVersion: kili-sync/v1`; run with --verbose to see skipped files',
    explanation:
      'A path given does not exist, or holds no kili-sync manifest (a `.yaml` or `.yml` file with `apiVersion: kili-sync/v1`). `--verbose` names the files skipped and why.',
  },
  'owner-needs-git-origin': {
    code: 'KS0203',
    kind: 'MANIFEST_INVALID',
    title: 'an owner cannot be named',
    hint: "name the owner with `owner:`, or run kili-sync from a git clone with an 'origin' remote",
    explanation:
      "A project asks kili-sync to mark the assets it owns, and the owner is named after the git repository's `origin` remote by default: the manifests are in no such repository. See the README's section on sharing a project.",
  },
  'files-pattern-matches-nothing': {
    code: 'KS0251',
    kind: 'MANIFEST_INVALID',
    severity: 'warning',
    title: 'a `files` pattern matches no file',
    explanation:
      'A `files:` source found no file: the project gets no asset from it. The pattern is relative to the folder of the manifest.',
  },
  'not-a-manifest': {
    code: 'KS0252',
    kind: 'MANIFEST_INVALID',
    severity: 'warning',
    title: 'a file was skipped: not a manifest',
    explanation:
      'With `--verbose`, each file found in a folder that is not a kili-sync manifest is named, with the reason it was skipped.',
  },
  'no-api-key': {
    code: 'KS0301',
    kind: 'AUTH',
    title: 'no API key',
    hint: 'set KILI_API_KEY or pass --api-key (create a key in Kili under My account → API key)',
    explanation: 'Commands that talk to Kili need an API key; none was given.',
  },
  'api-key-refused': {
    code: 'KS0302',
    kind: 'AUTH',
    title: 'the API key was refused',
    hint: 'check KILI_API_KEY (or --api-key): it may be mistyped, expired, or for another Kili instance',
    explanation:
      'Kili answered that the key is not valid. `kili-sync doctor` checks the key and its expiry date.',
  },
  'api-key-unsendable': {
    code: 'KS0303',
    kind: 'AUTH',
    title: 'the API key cannot be sent',
    hint: 'copy the key again: an accent, a line break or an invisible character came with it',
    explanation:
      'The key holds a character that an HTTP header cannot carry, so no request was sent. The key itself is never printed.',
  },
  'endpoint-invalid': {
    code: 'KS0304',
    kind: 'USAGE',
    title: 'the endpoint cannot be used',
    hint: 'check --endpoint or KILI_API_ENDPOINT; nothing was sent',
    explanation:
      '`--endpoint` (or `KILI_API_ENDPOINT`) is not an http(s) URL, carries a user name or password, or names a port that fetch refuses to use. Nothing was sent.',
  },
  'not-a-kili-api': {
    code: 'KS0305',
    kind: 'API',
    title: 'the endpoint does not answer like Kili',
    hint: 'check that --endpoint points at a Kili GraphQL API',
    explanation:
      'The server answered, but not with a GraphQL answer kili-sync understands (an HTML page, an answer without data): the endpoint is most likely not the GraphQL URL (`…/api/label/v2/graphql`).',
  },
  'cannot-connect': {
    code: 'KS0306',
    kind: 'NETWORK',
    title: 'cannot connect to Kili',
    hint: 'check --endpoint or KILI_API_ENDPOINT, and that the server is running',
    explanation: 'The connection was refused, or the host name does not resolve.',
  },
  'kili-unavailable': {
    code: 'KS0307',
    kind: 'NETWORK',
    title: 'Kili stayed unavailable',
    hint: 'try again later; rerunning is safe',
    explanation:
      'Every retry of a call failed (HTTP 503, dropped connections, timeouts). The call was one that is safe to send again, so rerunning the command is safe.',
  },
  'outcome-unknown': {
    code: 'KS0308',
    kind: 'NETWORK',
    title: 'a write may or may not have run',
    hint: 'check the project before resending; rerunning kili-sync plan shows what is left',
    explanation:
      'A call that creates or deletes got no answer, so kili-sync did not resend it blindly. `kili-sync plan` reads the project and shows what is left to do; `apply` never duplicates an asset on a rerun.',
  },
  'rate-limited': {
    code: 'KS0309',
    kind: 'RATE_LIMITED',
    title: 'Kili kept refusing requests (HTTP 429)',
    hint: 'lower --concurrency, or try again in a few minutes',
    explanation:
      'Kili limits how many requests a key may send; kili-sync waited and retried, and was still refused.',
  },
  'kili-refused': {
    code: 'KS0310',
    kind: 'API',
    title: 'Kili refused a request',
    explanation:
      "Kili answered with an error (a GraphQL error or an HTTP status). The message is the server's; the hint says what it usually means when kili-sync knows.",
  },
  'project-not-found': {
    code: 'KS0311',
    kind: 'NOT_FOUND',
    title: 'project not found',
    hint: 'check the project ID (the `project:` field or --project) and that the key belongs to a project member',
    explanation:
      'Kili knows no project with this ID, or the API key cannot see it (Kili does not tell the two apart).',
  },
  'unmanaged-input-type': {
    code: 'KS0312',
    kind: 'MANIFEST_INVALID',
    title: 'a project of a type kili-sync does not manage',
    explanation:
      "The project's input type is not one kili-sync manages (the README's troubleshooting table lists those it does); leave the project out of the manifests or of `--project`. Nothing was read or sent.",
  },
  'upload-refused': {
    code: 'KS0313',
    kind: 'API',
    title: 'Kili gave no upload URL',
    hint: 'the server may not support local file uploads; use hosted URLs in content',
    explanation:
      'Local files are uploaded to URLs that Kili hands out; it returned none for a file.',
  },
  'import-not-found': {
    code: 'KS0314',
    kind: 'API',
    title: 'an asynchronous import cannot be followed',
    hint: 'the import may still run: run plan later to see which assets it added',
    explanation:
      'Kili imports large batches in the background and reports their end in a notification; the notification kili-sync waits on is gone.',
  },
  'consent-required': {
    code: 'KS0401',
    kind: 'REFUSED',
    title: 'the plan needs consent flags',
    explanation:
      'The plan deletes assets, deletes more than half of a project, or replaces content that labels rest on: apply refuses until the flags named (`--allow-delete`, `--allow-mass-delete`, `--allow-label-loss`, `--take-ownership`) are given. Nothing was sent.',
  },
  confirm: {
    code: 'KS0402',
    kind: 'REFUSED',
    title: 'apply needs confirmation',
    explanation:
      'Without a terminal to ask on, apply does not guess: `--auto-approve` says the plan was reviewed (in CI, review the plan first).',
  },
  'apply-cancelled': {
    code: 'KS0403',
    kind: 'REFUSED',
    title: 'apply was cancelled',
    explanation:
      'The question was answered with something other than `yes`; nothing was changed. `--auto-approve` skips the question.',
  },
  'plan-unreadable': {
    code: 'KS0404',
    kind: 'USAGE',
    title: 'the saved plan cannot be read',
    hint: 'make one with kili-sync plan --out PLAN.json',
    explanation: 'The file given to `apply --plan` does not exist or cannot be read.',
  },
  'plan-invalid': {
    code: 'KS0405',
    kind: 'PLAN_INVALID',
    title: 'the saved plan is not a valid plan',
    hint: 'create the plan again with `kili-sync plan --out FILE`; do not edit plan files by hand',
    explanation:
      'The file is not JSON, not a kili-sync plan, or a plan of a format version this kili-sync does not read.',
  },
  'plan-tampered': {
    code: 'KS0406',
    kind: 'PLAN_INVALID',
    title: 'the saved plan was edited',
    hint: 'the file was edited after it was made; run kili-sync plan --out again',
    explanation:
      'A saved plan carries a hash of its changes and everything apply will send; what it would send (content, local files, text) does not match what it shows, so it was changed after it was made. Nothing was sent.',
  },
  'plan-other-endpoint': {
    code: 'KS0407',
    kind: 'REFUSED',
    title: 'the saved plan was made against another Kili',
    explanation:
      'A plan applies to the Kili it was computed against; `--endpoint` (or `KILI_API_ENDPOINT`) names another.',
  },
  'plan-stale': {
    code: 'KS0408',
    kind: 'STALE_PLAN',
    title: 'the saved plan is stale',
    hint: 'run kili-sync plan again and review the new plan',
    explanation:
      'Assets the plan changes were changed in Kili since the plan was made (the details list them); applying it could undo someone else’s work.',
  },
  'plan-not-manifests': {
    code: 'KS0409',
    kind: 'REFUSED',
    title: 'the saved plan is not what the manifests mean',
    hint: 'plan these manifests, review that plan and apply it (nothing was sent to Kili)',
    explanation:
      '`apply --plan P --manifests PATH…` checks that the reviewed plan is what the manifests mean now; they differ (the details list how).',
  },
  'plan-files-missing': {
    code: 'KS0410',
    kind: 'USAGE',
    title: 'local files of the saved plan cannot be found',
    explanation:
      'A saved plan names the local files it uploads relative to the folder it was made in; run `apply --plan` from that folder (or one holding the same files).',
  },
  'local-file-changed': {
    code: 'KS0411',
    kind: 'USAGE',
    title: 'a local file changed since it was planned',
    hint: 'its content is no longer the one the plan showed; run plan again',
    explanation:
      'apply uploads exactly the bytes the plan showed; a file was edited, removed or replaced since. Nothing of it was uploaded.',
  },
  'apply-incomplete': {
    code: 'KS0501',
    kind: 'INCOMPLETE',
    exitCode: EXIT_INCOMPLETE,
    title: 'some changes failed',
    explanation:
      "Some batches failed after their retries (each listed with the server's message); the others were applied. Rerunning apply converges: it does only what is left.",
  },
  'duplicates-added': {
    code: 'KS0502',
    kind: 'INCOMPLETE',
    title: 'added external IDs are carried by several assets',
    explanation:
      'Another writer added the same assets at the same time, so some external IDs now have several copies. A rerun does not remove them: the hint gives the `--dedupe` command that deletes the unlabeled extra copies.',
  },
  'doctor-check-failed': {
    code: 'KS0601',
    kind: 'REFUSED',
    title: 'an assumption of kili-sync does not hold here',
    explanation:
      "A check of `kili-sync doctor` failed: the endpoint, the key, the project or the write probe does not behave as kili-sync relies on (the README's doctor section says what each check proves). A check that failed on an error of its own (a refused key, a missing project) carries that error's code instead.",
  },
  interrupted: {
    code: 'KS0901',
    kind: 'INTERRUPTED',
    exitCode: EXIT_INTERRUPTED,
    title: 'interrupted',
    hint: 'rerun the command to finish (kili-sync plan shows what is left)',
    explanation:
      'Ctrl-C or SIGTERM stopped the command. During apply, the batches in flight were allowed to finish and no new one was started; rerunning converges.',
  },
  internal: {
    code: 'KS0999',
    kind: 'INTERNAL',
    title: 'internal error',
    hint: 'this is a bug in kili-sync; rerun with --debug for details',
    explanation:
      'Something kili-sync did not expect: please report it with the output of the command rerun with `--debug` (the API key is never printed).',
  },
} satisfies Record<string, Entry>;

export type ErrorId = keyof typeof ENTRIES;

/** Every entry, keyed by the name the sources use, with its defaults filled in. */
export const ERROR_CATALOGUE: Readonly<Record<ErrorId, CatalogueEntry>> = Object.fromEntries(
  Object.entries(ENTRIES).map(([id, entry]: [string, Entry]) => [
    id,
    { severity: 'error', exitCode: EXIT_ERROR, ...entry },
  ]),
) as Record<ErrorId, CatalogueEntry>;

/**
 * The anchor of the section of docs/errors.md that explains a code (`ks0301`): the one GitHub
 * and other Markdown renderers derive from its heading, `### KS0301`.
 */
export function docsAnchor(code: string): string {
  return code.toLowerCase();
}
