import { createApiError } from './api-error.js';
import type { ComplianceTagName, ProjectSettings } from './records.js';

/**
 * The settings of a project nobody has tuned, as the emulator reads them: no consensus (coverage
 * 0, one labeler per asset), no review sampling, no honeypot, labelers may move between assets
 * but not skip them, and assets are assigned to labelers as they ask for work. The emulator
 * stores what `updatePropertiesInProject` writes and serves it back; it acts on none of it.
 */
export const PROJECT_SETTING_DEFAULTS = {
  instructions: null,
  consensusTotCoverage: 0,
  minConsensusSize: 1,
  reviewCoverage: 0,
  consensusMark: null,
  honeypotMark: null,
  useHoneyPot: false,
  canSkipAsset: false,
  canNavigateBetweenAssets: true,
  shouldAutoAssign: true,
  shouldRelaunchKpiComputation: null,
  metadataProperties: null,
  complianceTags: [],
} as const satisfies Record<keyof ProjectSettings, unknown>;

/** `updatePropertiesInProject`'s `data` (the SDK's `ProjectData`); null keys change nothing. */
export interface ProjectDataInput {
  title?: string | null;
  description?: string | null;
  jsonInterface?: string | null;
  archived?: boolean | null;
  /** Sent by the SDK's mapper (always null there); the emulator keeps no author. */
  author?: string | null;
  instructions?: string | null;
  consensusTotCoverage?: number | null;
  minConsensusSize?: number | null;
  reviewCoverage?: number | null;
  consensusMark?: number | null;
  honeypotMark?: number | null;
  useHoneyPot?: boolean | null;
  canSkipAsset?: boolean | null;
  canNavigateBetweenAssets?: boolean | null;
  shouldAutoAssign?: boolean | null;
  shouldRelaunchKpiComputation?: boolean | null;
  metadataProperties?: unknown;
  complianceTags?: ComplianceTagName[] | null;
}

/** What one `updatePropertiesInProject` changes, checked. */
export interface ProjectChanges {
  title?: string;
  description?: string;
  jsonInterface?: string;
  archived?: boolean;
  settings: ProjectSettings;
}

const SETTING_KEYS = Object.keys(PROJECT_SETTING_DEFAULTS) as (keyof ProjectSettings)[];

/** Bounds Kili documents (and the SDK checks before sending) for the numeric settings. */
const RANGES: Partial<Record<keyof ProjectSettings, [number, number]>> = {
  consensusTotCoverage: [0, 100],
  minConsensusSize: [1, 10],
  reviewCoverage: [0, 100],
  consensusMark: [0, 1],
  honeypotMark: [0, 1],
};

/** Reads a `ProjectData`, refusing values Kili refuses (`invalidInput`), changing nothing. */
export function readProjectData(data: ProjectDataInput): ProjectChanges {
  const changes: ProjectChanges = { settings: {} };
  if (data.title != null) {
    if (data.title.trim() === '') throw invalid('title must not be empty');
    changes.title = data.title;
  }
  if (data.description != null) changes.description = data.description;
  if (data.jsonInterface != null) changes.jsonInterface = readJsonInterface(data.jsonInterface);
  if (data.archived != null) changes.archived = data.archived;
  for (const key of SETTING_KEYS) {
    const value = data[key];
    if (value === null || value === undefined) continue;
    const range = RANGES[key];
    if (range && typeof value === 'number' && (value < range[0] || value > range[1])) {
      throw invalid(`${key} must be between ${range[0]} and ${range[1]}, got ${value}`);
    }
    Object.assign(changes.settings, { [key]: value });
  }
  return changes;
}

/** A project's setting, or its default. */
export function readSetting<Key extends keyof ProjectSettings>(
  settings: ProjectSettings,
  key: Key,
): NonNullable<ProjectSettings[Key]> | (typeof PROJECT_SETTING_DEFAULTS)[Key] {
  return settings[key] ?? PROJECT_SETTING_DEFAULTS[key];
}

/** The interface must be a JSON object, stored as the text sent. */
function readJsonInterface(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('jsonInterface must be a JSON object, as a string');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('jsonInterface must be a JSON object, as a string');
  }
  return text;
}

function invalid(message: string) {
  return createApiError('invalidInput', `${message}.`);
}
