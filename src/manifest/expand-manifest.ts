import path from 'node:path';
import type { SourceLocation } from '../errors.js';
import type { AssetCollector } from './asset-collectors.js';
import { mergeAssetLayers, pickSharedFields, resolveDesiredAsset } from './build-desired-asset.js';
import type { DiagnosticCollector } from './diagnostic-collector.js';
import type { ManifestDocument } from './manifest-document.js';
import type { ParsedManifest } from './manifest-file.js';
import type { SourceContext } from './source-context.js';

/** One manifest, once its assets went to its project's collector. */
export interface ExpandedManifest {
  manifest: ParsedManifest;
  projectId: string;
  /** Set when the manifest says `prune:` explicitly. */
  prune?: { value: boolean | 'owned' | 'all'; where: SourceLocation };
  /** Set when the manifest says `owner:`. */
  owner?: { value: string; where: SourceLocation };
  /** Set when the manifest says `jsonMetadataMode:`. */
  metadataMode?: { value: 'keys' | 'replace'; where: SourceLocation };
}

/** The project a schema-valid manifest targets. */
export function projectOf(manifest: ParsedManifest): string {
  return (manifest.value as unknown as ManifestDocument).project;
}

/**
 * Turns one schema-valid manifest into DesiredAssets, given to `assets` in order: `assets[]`
 * with `defaults` merged under them, then each source. File references are resolved and checked.
 */
export async function expandManifest(
  manifest: ParsedManifest,
  options: { cwd: string; diagnostics: DiagnosticCollector; assets: AssetCollector },
): Promise<ExpandedManifest> {
  const document = manifest.value as unknown as ManifestDocument;
  const manifestDir = path.dirname(manifest.file.absolutePath);
  const defaults = pickSharedFields(document.defaults);
  const { assets } = options;
  // Frames may be a glob: its library is loaded when a manifest declares frames, not at start-up.
  const framesResolver = (document.assets ?? []).some((raw) => raw.frames !== undefined)
    ? (await import('./resolve-frames.js')).resolveFrames
    : undefined;
  (document.assets ?? []).forEach((raw, index) => {
    const merged = mergeAssetLayers([defaults, raw]);
    const asset = resolveDesiredAsset(merged, manifest.locate(['assets', index]), {
      baseDir: manifestDir,
      cwd: options.cwd,
      root: manifest.file.root,
      fileHint: "a `file` is relative to the manifest's folder",
      relativeTo: "the manifest's folder",
      resolveFrames: framesResolver,
      report: (field, { message, hint }) =>
        options.diagnostics.error(message, manifest.locate(['assets', index, field]), hint),
    });
    assets.add(asset);
  });
  for (const [sourceIndex, source] of (document.sources ?? []).entries()) {
    const context: SourceContext = {
      manifest,
      sourceIndex,
      manifestDir,
      cwd: options.cwd,
      root: manifest.file.root,
      layers: [defaults, pickSharedFields(source)],
      diagnostics: options.diagnostics,
      assets,
    };
    // Each kind of source is loaded when a manifest uses it (the glob and CSV libraries, the
    // line reader), not at start-up.
    if (source.files !== undefined) {
      const { expandFilesSource } = await import('./expand-files-source.js');
      await expandFilesSource(source, context);
    } else if (source.jsonl !== undefined) {
      const { expandJsonlSource } = await import('./expand-jsonl-source.js');
      await expandJsonlSource(source, context);
    } else if (source.csv !== undefined) {
      const { expandCsvSource } = await import('./expand-csv-source.js');
      await expandCsvSource(source, context);
    }
  }
  const declared = <Value>(key: string, value: Value | undefined) =>
    value === undefined ? undefined : { value, where: manifest.locate([key]) };
  return {
    manifest,
    projectId: document.project,
    prune: declared('prune', document.prune),
    owner: declared('owner', document.owner),
    metadataMode: declared('jsonMetadataMode', document.jsonMetadataMode),
  };
}
