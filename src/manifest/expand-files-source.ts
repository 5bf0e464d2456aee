import path from 'node:path';
import { isInsideRoot } from '../files/local-root.js';
import { globBase, matchFiles } from '../files/match-files.js';
import { WITHOUT_CONTROL_CHARACTERS } from '../schema/text-patterns.js';
import { mergeAssetLayers, toDesiredAsset } from './build-desired-asset.js';
import { toDisplayPath } from './discover-manifest-files.js';
import type { RawSource } from './manifest-document.js';
import {
  computeTemplateVars,
  DEFAULT_ID_TEMPLATE,
  findUnknownPlaceholders,
  renderTemplate,
  type TemplateVars,
} from './render-id-template.js';
import { resolveLocalFile } from './resolve-local-file.js';
import type { SourceContext } from './source-context.js';

const PLACEHOLDER_HINT = 'use the placeholders {path} {dir} {name} {stem} {ext}';

const CONTROL_CHARACTER_FREE = new RegExp(WITHOUT_CONTROL_CHARACTERS, 'u');

/**
 * Expands a `files` source: every file the glob matches (relative to the manifest) becomes an
 * asset with `file` set and an external ID made from the template. A glob matching nothing is
 * a warning: the folder may legitimately be empty for now.
 */
export async function expandFilesSource(source: RawSource, context: SourceContext): Promise<void> {
  const { manifest, sourceIndex, diagnostics } = context;
  const at = (key: string, ...rest: string[]) =>
    manifest.locate(['sources', sourceIndex, key, ...rest]);
  const template = source.externalId ?? DEFAULT_ID_TEMPLATE;
  let valid = checkPlaceholders(template, () => at('externalId'), context);
  for (const [key, value] of Object.entries(source.jsonMetadata ?? {})) {
    if (typeof value !== 'string') continue;
    valid = checkPlaceholders(value, () => at('jsonMetadata', key), context) && valid;
  }
  if (!valid) return;

  const pattern = (source.files as string).replace(/^\.\//, '');
  const base = globBase(pattern);
  // Refuse before walking: `/**/*` or `../../**` would scan the machine, not the repository.
  if (!isInsideRoot(path.resolve(context.manifestDir, base), context.root)) {
    diagnostics.error(
      `'${source.files}' reaches outside the manifest root '${toDisplayPath(context.root.realPath, context.cwd)}'`,
      at('files'),
      'a `files` pattern is relative to the manifest and must stay inside the repository (or --root)',
    );
    return;
  }
  const matches = await matchFiles(pattern, context.manifestDir);
  if (matches.length === 0) {
    diagnostics.warn(
      `'${source.files}' matches no file`,
      at('files'),
      `the pattern is relative to the manifest's folder (${toDisplayPath(context.manifestDir, context.cwd)})`,
      'files-pattern-matches-nothing',
    );
    return;
  }
  const where = at('files');
  for (const match of matches.sort()) {
    const relative = base === '.' ? match : path.posix.relative(base, match);
    const vars = computeTemplateVars(relative);
    const resolved = resolveLocalFile(match, {
      baseDir: context.manifestDir,
      cwd: context.cwd,
      root: context.root,
      what: 'matched file',
      relativeHint: "the pattern is relative to the manifest's folder",
    });
    if (resolved.problem) {
      diagnostics.error(resolved.problem.message, where, resolved.problem.hint);
      continue;
    }
    const { displayPath } = resolved.ref;
    const externalId = renderTemplate(template, vars);
    if (externalId === '') {
      diagnostics.error(
        `the externalId template '${template}' gives an empty ID for ${displayPath}`,
        at('externalId'),
        PLACEHOLDER_HINT,
      );
      continue;
    }
    if (!CONTROL_CHARACTER_FREE.test(externalId)) {
      diagnostics.error(
        `the externalId template '${template}' gives an ID with control characters for ${JSON.stringify(displayPath)}`,
        at('externalId'),
        'rename the file, or use placeholders that leave its name out',
      );
      continue;
    }
    const own = context.layers[1]?.jsonMetadata;
    const jsonMetadata = own ? renderMetadata(own, vars) : undefined;
    const merged = mergeAssetLayers([
      context.layers[0],
      { ...context.layers[1], jsonMetadata },
      { externalId },
    ]);
    context.assets.add(toDesiredAsset(merged, where, resolved.ref), displayPath);
  }
}

function checkPlaceholders(
  template: string,
  locate: () => ReturnType<SourceContext['manifest']['locate']>,
  context: SourceContext,
): boolean {
  const unknown = findUnknownPlaceholders(template);
  if (unknown.length === 0) return true;
  context.diagnostics.error(
    `unknown placeholder ${unknown.map((name) => `'${name}'`).join(', ')} in '${template}'`,
    locate(),
    PLACEHOLDER_HINT,
  );
  return false;
}

function renderMetadata(metadata: Record<string, unknown>, vars: TemplateVars) {
  return Object.fromEntries(
    Object.entries(metadata).map(([key, value]) => [
      key,
      typeof value === 'string' ? renderTemplate(value, vars) : value,
    ]),
  );
}
