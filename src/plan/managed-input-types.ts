import type { Diagnostic, SourceLocation } from '../errors.js';
import { aProjectOfType } from './describe-input-type.js';
import type { RemoteProject } from './remote-state.js';

/**
 * The input types whose assets kili-sync manages: those the official SDK imports
 * (`services/asset_import/__init__.py`, `importer_by_type`) the way kili-sync does, by content,
 * file, text or frames. LLM projects (conversations, created by other calls) and types the SDK
 * has no importer for (TIME_SERIES, URL, NA), or any type kili-sync does not know, are refused.
 */
const MANAGED_INPUT_TYPES: readonly string[] = [
  'IMAGE',
  'GEOSPATIAL',
  'PDF',
  'TEXT',
  'AUDIO',
  'VIDEO',
  'VIDEO_LEGACY',
];

/**
 * The diagnostic for a project kili-sync does not manage, at the manifest line that targets it,
 * or undefined when it manages it.
 */
export function checkManagedInputType(
  project: RemoteProject,
  where: SourceLocation | undefined,
): Diagnostic | undefined {
  if (MANAGED_INPUT_TYPES.includes(project.inputType)) return undefined;
  const name = project.title ? ` (${project.title})` : '';
  return {
    severity: 'error',
    message: `project ${project.id}${name} is ${aProjectOfType(project.inputType)}, which kili-sync does not manage`,
    hint: `kili-sync manages the assets of ${MANAGED_INPUT_TYPES.join(', ')} projects`,
    where,
  };
}
