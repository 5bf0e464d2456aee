import path from 'node:path';

/** The values a `files` source's templates may use, for one matched file. */
export interface TemplateVars {
  /** Path relative to the glob's fixed base, e.g. `train/cat.jpg`. */
  path: string;
  /** Its folder, e.g. `train` (empty for files directly in the base). */
  dir: string;
  /** File name with extension, e.g. `cat.jpg`. */
  name: string;
  /** File name without extension, e.g. `cat`. */
  stem: string;
  /** Extension without the dot, e.g. `jpg`. */
  ext: string;
}

const PLACEHOLDERS: readonly string[] = ['path', 'dir', 'name', 'stem', 'ext'];

/** The default external ID template: the path without its extension. */
export const DEFAULT_ID_TEMPLATE = '{dir}/{stem}';

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholders in `template` that are not one of {path} {dir} {name} {stem} {ext}. */
export function findUnknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  return names.filter((name) => !PLACEHOLDERS.includes(name)).map((name) => `{${name}}`);
}

/** The template values for a file at `relativePath` (relative to the glob base, `/`-separated). */
export function computeTemplateVars(relativePath: string): TemplateVars {
  const dir = path.posix.dirname(relativePath);
  const name = path.posix.basename(relativePath);
  const extension = path.posix.extname(name);
  return {
    path: relativePath,
    dir: dir === '.' ? '' : dir,
    name,
    stem: extension ? name.slice(0, -extension.length) : name,
    ext: extension.slice(1),
  };
}

/** Fills a template; an empty `{dir}` also drops the `/` after it (`{dir}/{stem}` → `cat`). */
export function renderTemplate(template: string, vars: TemplateVars): string {
  const text = vars.dir === '' ? template.replaceAll('{dir}/', '') : template;
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    name in vars ? vars[name as keyof TemplateVars] : whole,
  );
}
