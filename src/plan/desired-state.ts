import type { Diagnostic, SourceLocation } from '../errors.js';
import type { RawAsset } from '../schema/manifest-schema.js';

/*
 * What the manifests declare, as the planner takes it: one of its two inputs (the other is
 * remote-state.ts). The planner owns the shape; manifest/ builds it, and files/ and workflows/
 * read it, so the planner depends on no loader.
 */

/**
 * The asset fields kili-sync manages, as written in a manifest (after `defaults`): all but the
 * identity, the local file and the rename, which DesiredAsset carries in resolved form.
 */
export type AssetFields = Omit<RawAsset, 'externalId' | 'file' | 'renamedFrom' | 'frames'>;

/** A local file referenced by `file:` or a `files` source, uploaded on apply. */
export interface LocalFileRef {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to the working directory, shown to people and stored in plan files. */
  displayPath: string;
}

/** The frames of a video, in order: hosted frame URLs, or local files uploaded on apply. */
export type DesiredFrames = { urls: string[] } | { files: LocalFileRef[] };

/** One asset as the manifests want it, with `defaults` merged and sources expanded. */
export interface DesiredAsset extends AssetFields {
  externalId: string;
  file?: LocalFileRef;
  /** `frames`, resolved (VIDEO projects). */
  frames?: DesiredFrames;
  /** The external ID this asset had before; the asset (and its labels) is kept. */
  renamedFrom?: string;
  /** Where the asset is declared (manifest entry, CSV/JSONL line, or `files` source). */
  source: SourceLocation;
}

/**
 * Which remote assets no manifest declares apply deletes: none (`false`), every one (`true`,
 * written `prune: true` or `prune: all`), or those marked with the project's owner (`owned`).
 */
export type PruneMode = boolean | 'owned';

/**
 * How `jsonMetadata` is managed: `keys`, only the keys declared (and the keys kili-sync wrote
 * that are no longer declared, removed); `replace`, the whole object.
 */
export type MetadataMode = 'keys' | 'replace';

/** A project's settings, from the manifests that target it. */
export interface ProjectManifests {
  projectId: string;
  /** Which remote assets that no manifest declares are deleted. */
  prune: PruneMode;
  /**
   * The name the project is managed under, marked on the assets kili-sync adds or adopts; absent
   * when kili-sync manages the project alone (no marks). Declared with `owner:`, or, when the
   * manifests ask for ownership without naming it (`ownerWanted`), the repository's default.
   */
  owner?: string;
  /**
   * Where the manifests ask for ownership (`prune: owned`, `jsonMetadataMode: keys`) without
   * naming an owner: the caller gives the default name (see workflows/ownership-context.ts).
   */
  ownerWanted?: SourceLocation;
  /** How `jsonMetadata` is managed (default: `keys` with an owner, `replace` without). */
  metadataMode?: MetadataMode;
  /** The manifest root of the first manifest (where git tells the default owner and the commit). */
  rootDir?: string;
  /** Manifest files that target this project. */
  manifestFiles: string[];
  /** The `project:` line of the first manifest that targets it (errors about the project point here). */
  declaredAt?: SourceLocation;
}

/** All assets the manifests declare for one project. */
export interface DesiredProject extends ProjectManifests {
  assets: DesiredAsset[];
}

export interface DesiredState {
  /** Sorted by project ID. */
  projects: DesiredProject[];
  /** Every manifest file loaded (display paths). */
  manifestFiles: string[];
  /** Number of manifest documents loaded (a file may hold several). */
  manifestCount?: number;
  /** Non-fatal findings (a glob matching nothing, skipped YAML files…). */
  warnings: Diagnostic[];
}

/** What `validate` reports of valid manifests: DesiredState without the assets, counted. */
export interface CheckedState extends Omit<DesiredState, 'projects'> {
  /** Sorted by project ID. */
  projects: ({ projectId: string; assetCount: number } & InputTypeDependents)[];
}

/**
 * Assets whose validity depends on the project's input type, which only a read of the project
 * tells (plan checks them): inline text (TEXT projects only) and local files (their MIME type).
 */
export interface InputTypeDependents {
  inlineTexts: number;
  localFiles: number;
}
