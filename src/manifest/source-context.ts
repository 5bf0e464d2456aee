import type { LocalRoot } from '../files/local-root.js';
import type { AssetCollector } from './asset-collectors.js';
import type { DiagnosticCollector } from './diagnostic-collector.js';
import type { RawSharedFields } from './manifest-document.js';
import type { ParsedManifest } from './manifest-file.js';

/** What a source expander needs: where the source is declared and where assets go. */
export interface SourceContext {
  manifest: ParsedManifest;
  /** Index of the source in `sources[]`. */
  sourceIndex: number;
  manifestDir: string;
  cwd: string;
  /** Every local file the source reads must lie inside it. */
  root: LocalRoot;
  /** Lower layers merged under each generated asset: `defaults`, then the source's fields. */
  layers: (RawSharedFields | undefined)[];
  diagnostics: DiagnosticCollector;
  /** The project's assets, in declaration order. */
  assets: AssetCollector;
}
