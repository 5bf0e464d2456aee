import type { Diagnostic, KiliSyncError } from '../errors.js';
import type { CheckedState } from '../plan/desired-state.js';
import { groupDigits } from '../util/group-digits.js';
import { diagnosticsOf } from './render-error.js';

/** `3 manifests, 1,204 assets in 2 projects`. */
export function summarizeCheckedState(state: CheckedState): string {
  const assets = state.projects.reduce((total, project) => total + project.assetCount, 0);
  const manifests = state.manifestCount ?? state.manifestFiles.length;
  return `${count(manifests, 'manifest')}, ${count(assets, 'asset')} in ${count(state.projects.length, 'project')}`;
}

/**
 * What `valid` does not cover: inline texts and local files are valid or not by the project's
 * input type, which validate (offline) does not read; plan does. Undefined when there are none.
 */
export function describeInputTypeChecks(state: CheckedState): string | undefined {
  const inlineTexts = state.projects.reduce((total, project) => total + project.inlineTexts, 0);
  const localFiles = state.projects.reduce((total, project) => total + project.localFiles, 0);
  const parts = [
    inlineTexts > 0 ? `${count(inlineTexts, 'inline text')} (TEXT projects only)` : undefined,
    localFiles > 0
      ? `${count(localFiles, 'local file')} (whose type must fit the project)`
      : undefined,
  ].filter((part) => part !== undefined);
  if (parts.length === 0) return undefined;
  return (
    `${parts.join(' and ')} not checked against each project's input type, which validate ` +
    'does not read: plan checks them'
  );
}

function count(value: number, noun: string): string {
  return `${groupDigits(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** One problem for machines; `code` is its section of docs/errors.md (`KS0201` → `#ks0201`). */
function toJsonProblem(diagnostic: Diagnostic) {
  return {
    code: diagnostic.code ?? null,
    file: diagnostic.where?.file ?? null,
    line: diagnostic.where?.line ?? null,
    col: diagnostic.where?.col ?? null,
    message: diagnostic.message,
    hint: diagnostic.hint ?? null,
    ...(diagnostic.related ? { related: diagnostic.related } : {}),
  };
}

/** `validate --format json` for valid manifests; `manifests` lists the manifest files read. */
export function renderValidJson(state: CheckedState): string {
  const document = {
    valid: true,
    manifests: state.manifestFiles,
    projects: state.projects.map((project) => ({
      projectId: project.projectId,
      assets: project.assetCount,
      inlineTexts: project.inlineTexts,
      localFiles: project.localFiles,
    })),
    errors: [],
    warnings: state.warnings.map(toJsonProblem),
    notes: [describeInputTypeChecks(state)].filter((note) => note !== undefined),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `validate --format json` for invalid manifests: every problem with its place. */
export function renderInvalidJson(error: KiliSyncError): string {
  const diagnostics = diagnosticsOf(error);
  const document = {
    valid: false,
    manifests: [],
    projects: [],
    errors: diagnostics.filter((d) => d.severity === 'error').map(toJsonProblem),
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(toJsonProblem),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
