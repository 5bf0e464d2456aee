import type { Diagnostic } from '../errors.js';
import { aProjectOfType } from './describe-input-type.js';
import type { DesiredAsset, LocalFileRef } from './desired-state.js';
import type { LocalFileFacts } from './local-file-facts.js';
import type { InputType } from './remote-state.js';

/** MIME types Kili accepts for local files, per project input type (the official SDK's table). */
const ACCEPTED_MIME_TYPES: Readonly<Record<string, readonly string[]>> = {
  IMAGE: [
    'application/vnd.nitf',
    'image/jp2',
    'image/jpeg',
    'image/png',
    'image/bmp',
    'image/gif',
    'image/webp',
    'image/x-icon',
    'image/tiff',
    'image/vnd.microsoft.icon',
    'image/svg+xml',
    'image/avif',
    'image/apng',
  ],
  GEOSPATIAL: ['application/vnd.nitf', 'image/jp2', 'image/tiff'],
  PDF: ['application/pdf'],
  TEXT: ['text/plain'],
  VIDEO: [
    'video/mp4',
    'video/x-matroska',
    'video/3gpp',
    'video/x-msvideo',
    'video/x-m4v',
    'video/quicktime',
    'video/webm',
  ],
  AUDIO: ['audio/x-flac', 'audio/mpeg', 'video/mp4'],
  TIME_SERIES: ['text/csv'],
  LLM_RLHF: ['application/json'],
};

/**
 * The diagnostic for an asset whose local file is unknown (not hashed: `facts` undefined) or whose
 * type does not fit the project's input type.
 */
export function checkFileType(
  asset: DesiredAsset,
  file: LocalFileRef,
  facts: LocalFileFacts | undefined,
  inputType: InputType | string,
): Diagnostic | undefined {
  if (facts === undefined) {
    return {
      severity: 'error',
      message: `${asset.externalId}: file ${file.displayPath} was not found`,
      where: asset.source,
    };
  }
  // None for URL, NA…; tested as the official SDK does, a substring of the comma-joined list.
  const accepted = ACCEPTED_MIME_TYPES[inputType] ?? [];
  if (facts.mimeType !== '' && accepted.join(',').includes(facts.mimeType)) return undefined;
  const type = facts.mimeType === '' ? 'an unknown type' : `type ${facts.mimeType}`;
  return {
    severity: 'error',
    message: `${asset.externalId}: file ${file.displayPath} has ${type}, which ${aProjectOfType(inputType)} does not accept`,
    hint:
      accepted.length === 0
        ? `${inputType} projects accept no local files; reference the data with content: instead`
        : `accepted types: ${accepted.join(', ')}`,
    where: asset.source,
  };
}
