import type { ErrorObject } from 'ajv';
import { OWNER_NAME, WITHOUT_CONTROL_CHARACTERS } from '../schema/text-patterns.js';
import type { SchemaNode } from './manifest-schema.js';
import { suggestName } from './suggest-name.js';

/** A path into a parsed document: mapping keys and list indexes. */
export type DocumentPath = (string | number)[];

/** Which part of the node at `path` a problem points at. */
export type PathTarget = 'key' | 'value';

/** A schema error turned into words, with the place it points at. */
export interface SchemaProblem {
  path: DocumentPath;
  target: PathTarget;
  message: string;
  hint?: string;
}

const SOURCE_KINDS = ['files', 'jsonl', 'csv'];

export interface DescribeOptions {
  /**
   * Never quote the input's values or its own key names, only the schema's words: a data file
   * named by a manifest may hold anything (a `.env`), and its errors must not print it.
   */
  redactData?: boolean;
}

/** Splits an ajv `instancePath` (`/assets/3/priority`) into keys and indexes. */
export function parseInstancePath(instancePath: string): DocumentPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** `assets[3].jsonMetadata.split`, as people write paths. */
export function formatDocumentPath(path: DocumentPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/**
 * Turns ajv's errors into one problem per real mistake, in words a manifest author understands
 * ("unknown field 'contnet' — did you mean 'content'?"), with the schema's description as hint.
 * `basePath` prefixes the paths (e.g. nothing for a JSONL line, which is a whole asset).
 */
export function describeSchemaErrors(
  errors: ErrorObject[],
  root: SchemaNode,
  basePath: DocumentPath = [],
  options: DescribeOptions = {},
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // The branches of `oneOf` fail by design; the `oneOf` error itself says what is wrong.
    if (error.schemaPath.includes('/oneOf/')) continue;
    // `not`/`oneOf` over `required` pass or fail vacuously on non-objects; the type error says it.
    // `frames` is the exception: its `oneOf` is over a list or a mapping, and says it alone.
    const isObject =
      typeof error.data === 'object' && error.data !== null && !Array.isArray(error.data);
    const isFrames = error.instancePath.endsWith('/frames');
    if ((error.keyword === 'not' || error.keyword === 'oneOf') && !isObject && !isFrames) continue;
    const problem = describeSchemaError(error, root, options.redactData === true);
    problem.path = [...basePath, ...problem.path];
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describeSchemaError(error: ErrorObject, root: SchemaNode, redact: boolean): SchemaProblem {
  const path = parseInstancePath(error.instancePath);
  const shownPath = redact ? path.map((segment) => redactKey(segment, root)) : path;
  const field = `'${formatDocumentPath(shownPath) || 'manifest'}'`;
  const got = `got ${(redact ? describeKind : describeValueText)(error.data)}`;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const schemaHint = asHint(readDescription(parent, root));
  const params = error.params as Record<string, unknown>;
  const atValue = (message: string, hint: string | undefined): SchemaProblem => ({
    path,
    target: 'value',
    message,
    hint,
  });
  switch (error.keyword) {
    case 'additionalProperties':
      return describeUnknownField(path, String(params.additionalProperty), parent, redact);
    case 'required': {
      const missing = String(params.missingProperty);
      const properties = (parent.properties ?? {}) as Record<string, SchemaNode>;
      const where = path.length === 0 ? '' : ` in ${field}`;
      const hint = asHint(readDescription(properties[missing] ?? {}, root));
      return atValue(`missing required field '${missing}'${where}`, hint);
    }
    case 'type':
      return atValue(
        `${field} must be ${describeTypes(params.type)}, ${got}`,
        describeTypeFix(path, params.type, error.data, redact) ?? schemaHint,
      );
    case 'minimum':
    case 'maximum':
      // A redacted value would only repeat the type the range already implies.
      return atValue(describeRange(field, parent, redact ? '' : `, ${got}`), schemaHint);
    case 'minLength':
      return atValue(`${field} must not be empty`, schemaHint);
    case 'pattern':
      return atValue(
        params.pattern === WITHOUT_CONTROL_CHARACTERS
          ? `${field} must not contain control characters (U+0000–U+001F, U+007F–U+009F)`
          : params.pattern === OWNER_NAME
            ? `${field} must be a name of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), ${got}`
            : `${field} must not contain spaces, ${got}`,
        schemaHint,
      );
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) =>
        typeof value === 'string' ? `'${value}'` : String(value),
      );
      return atValue(`${field} must be one of ${allowed.join(', ')}, ${got}`, schemaHint);
    }
    case 'format':
      return atValue(`${field} must be an email address, ${got}`, schemaHint);
    case 'const':
      return atValue(`${field} must be '${String(params.allowedValue)}', ${got}`, schemaHint);
    case 'not':
      return describeExclusiveFields(path, parent);
    case 'false schema':
      return {
        path,
        target: 'key',
        message: `${field}: the metadata key 'kiliSync' is reserved`,
        hint: 'kili-sync keeps its own data there (the sha256 of uploaded files); use another key',
      };
    case 'oneOf':
      if (path[path.length - 1] !== 'frames') return describeSourceKind(path, error.data);
      return atValue(
        `${field} must be a list of frame URLs or files, or {files: <glob>}, ${got}`,
        'e.g. `frames: [https://cdn.example.com/f/0.jpg, …]` or `frames: {files: "clip-01/*.jpg"}`',
      );
    default:
      return atValue(`${field} ${error.message ?? 'is invalid'}`, schemaHint);
  }
}

/** The messages of the fields an asset may not set together (`EXCLUSIVE_FIELDS`). */
const EXCLUSIVE_MESSAGES: Record<string, { message: string; hint: string }> = {
  'content file': {
    message: "'content' and 'file' are exclusive: an asset has one or the other",
    hint: 'use `content` for a URL or inline text, `file` for a local file to upload',
  },
  'frames file': {
    message: "'frames' and 'file' are exclusive: a video is a file or a sequence of frames",
    hint: 'use `file` for a local video file, `frames` for its frames',
  },
  'frames jsonContent': {
    message: "'frames' and 'jsonContent' are exclusive: the frames become the asset's jsonContent",
    hint: 'remove `jsonContent`; the frames are stored there',
  },
};

function describeExclusiveFields(path: DocumentPath, parent: SchemaNode): SchemaProblem {
  const pair = ((parent.not as SchemaNode | undefined)?.required ?? [
    'content',
    'file',
  ]) as string[];
  const known = EXCLUSIVE_MESSAGES[pair.join(' ')];
  return {
    path: [...path, pair[1] ?? 'file'],
    target: 'key',
    message: known?.message ?? `'${pair[0]}' and '${pair[1]}' are exclusive`,
    hint: known?.hint ?? 'keep one of them',
  };
}

function describeUnknownField(
  path: DocumentPath,
  key: string,
  parent: SchemaNode,
  redact: boolean,
): SchemaProblem {
  const allowed = Object.keys((parent.properties ?? {}) as SchemaNode);
  const isAssetLike = allowed.includes('priority');
  if (key === 'status' && isAssetLike) {
    return {
      path: [...path, key],
      target: 'key',
      message: "'status' cannot be set",
      hint: "remove this field: Kili computes an asset's status from its labels",
    };
  }
  const suggestion = suggestName(key, allowed);
  return {
    path: [...path, key],
    target: 'key',
    message: `unknown field${redact ? '' : ` '${key}'`}${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
    hint: suggestion
      ? `rename ${redact ? 'this field' : `'${key}'`} to '${suggestion}'`
      : `allowed fields here: ${allowed.join(', ')}`,
  };
}

/**
 * What to write in a YAML manifest when a mapping or list is expected and the value is empty
 * (its lines were not indented under it) or is a mapping of `-key` entries (a `-` without its
 * space). Data files (redacted) are not YAML blocks: their schema description is the hint.
 */
function describeTypeFix(
  path: DocumentPath,
  types: unknown,
  data: unknown,
  redact: boolean,
): string | undefined {
  if (redact) return undefined;
  const expected = String(types);
  const key = path.at(-1);
  const name = typeof key === 'string' ? `'${key}:'` : 'its key';
  if (data === null && expected === 'object') {
    return `write its keys on the lines below ${name}, indented deeper than it; or write {} for none`;
  }
  if (data === null && expected === 'array') {
    return `write its '- ' items on the lines below ${name}; or write [] for none`;
  }
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  const dashed = isObject ? Object.keys(data).find((entry) => entry.startsWith('-')) : undefined;
  if (expected !== 'array' || dashed === undefined) return undefined;
  return `put a space after the '-' that starts each list item ('- ${dashed.slice(1)}', not '${dashed}')`;
}

function describeSourceKind(path: DocumentPath, data: unknown): SchemaProblem {
  const present = SOURCE_KINDS.filter(
    (kind) => typeof data === 'object' && data !== null && kind in data,
  );
  return {
    path,
    target: 'value',
    message:
      present.length === 0
        ? "a source needs one of 'files', 'jsonl' or 'csv'"
        : `a source has exactly one of 'files', 'jsonl' or 'csv', found ${present.map((kind) => `'${kind}'`).join(' and ')}`,
    hint: 'write one entry of `sources` per generator',
  };
}

/** `suffix`: what the value was (`, got 7`), or nothing. */
function describeRange(field: string, schema: SchemaNode, suffix: string): string {
  const { minimum, maximum } = schema;
  if (typeof minimum === 'number' && typeof maximum === 'number') {
    return `${field} must be between ${minimum} and ${maximum}${suffix}`;
  }
  if (typeof minimum === 'number') return `${field} must be ≥ ${minimum}${suffix}`;
  return `${field} must be ≤ ${String(maximum)}${suffix}`;
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function describeTypes(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map(
    (type) => TYPE_WORDS[String(type)] ?? String(type),
  );
  if (list.length <= 1) return list[0] ?? 'valid';
  return `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

/** A short, safe description of a value for messages (never the whole value). */
function describeValueText(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return typeof value === 'object' || value === undefined ? describeKind(value) : String(value);
}

/** What kind of value it is, without any of it: for data files, whose content stays unprinted. */
export function describeKind(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'a value';
}

/** A key the schema does not name (a metadata key) is the input's own text: not shown. */
function redactKey(segment: string | number, root: SchemaNode): string | number {
  if (typeof segment === 'number') return segment;
  return collectPropertyNames(root).has(segment) ? segment : '<key>';
}

const propertyNames = new WeakMap<SchemaNode, Set<string>>();

function collectPropertyNames(root: SchemaNode): Set<string> {
  let names = propertyNames.get(root);
  if (names) return names;
  names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const properties = (node as SchemaNode).properties;
    if (typeof properties === 'object' && properties !== null) {
      for (const name of Object.keys(properties)) names?.add(name);
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  propertyNames.set(root, names);
  return names;
}

/** A field's description as a hint, which starts with a lower-case verb like every hint. */
function asHint(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  return `expected ${description.charAt(0).toLowerCase()}${description.slice(1)}`;
}

function readDescription(schema: SchemaNode, root: SchemaNode): string | undefined {
  if (typeof schema.description === 'string') return schema.description;
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return undefined;
  const definitions = root.definitions as Record<string, SchemaNode>;
  const target = definitions[ref.slice('#/definitions/'.length)];
  return target ? readDescription(target, root) : undefined;
}
