import { formatLocation, type SourceLocation } from '../errors.js';
import type { ProjectManifests, PruneMode } from '../plan/desired-state.js';
import type { DiagnosticCollector } from './diagnostic-collector.js';
import type { ExpandedManifest } from './expand-manifest.js';

type Settings = Pick<ProjectManifests, 'prune' | 'owner' | 'ownerWanted' | 'metadataMode'>;

/**
 * What a project's manifests say together of how it is managed: `prune`, `owner` and
 * `jsonMetadataMode` must agree wherever they are set, and in a project with an owner (named,
 * or asked for by `prune: owned` or `jsonMetadataMode: keys`) `prune: true` is refused: it
 * would read as "delete every undeclared asset, whoever added it", which a shared project
 * should say in words (`prune: all`), or mean `owned`.
 */
export function checkProjectSettings(
  projectId: string,
  group: ExpandedManifest[],
  diagnostics: DiagnosticCollector,
): Settings {
  const prune = agree(projectId, 'prune', group, (manifest) => manifest.prune, diagnostics);
  const owner = agree(projectId, 'owner', group, (manifest) => manifest.owner, diagnostics);
  const mode = agree(
    projectId,
    'jsonMetadataMode',
    group,
    (manifest) => manifest.metadataMode,
    diagnostics,
  );
  const asksForOwner =
    prune?.value === 'owned' ? prune.where : mode?.value === 'keys' ? mode.where : undefined;
  const shared = owner !== undefined || asksForOwner !== undefined;
  if (shared && prune?.value === true) {
    const named = owner ?? { where: asksForOwner! };
    diagnostics.add({
      severity: 'error',
      message: `'prune: true' is ambiguous in project ${projectId}, which has an owner (${formatLocation(named.where)})`,
      hint: "write 'prune: owned' to delete only the undeclared assets this owner marked, or 'prune: all' to delete every undeclared asset, whoever added it",
      where: prune.where,
    });
  }
  const settings: Settings = {
    prune: toPruneMode(prune?.value),
    metadataMode: mode?.value ?? (shared ? 'keys' : 'replace'),
  };
  if (owner !== undefined) settings.owner = owner.value;
  else if (asksForOwner !== undefined) settings.ownerWanted = asksForOwner;
  return settings;
}

function toPruneMode(value: boolean | 'owned' | 'all' | undefined): PruneMode {
  if (value === 'all') return true;
  return value ?? false;
}

/** The value every manifest of the project that sets it agrees on; a located error otherwise. */
function agree<Value extends string | boolean>(
  projectId: string,
  name: string,
  group: ExpandedManifest[],
  read: (manifest: ExpandedManifest) => { value: Value; where: SourceLocation } | undefined,
  diagnostics: DiagnosticCollector,
): { value: Value; where: SourceLocation } | undefined {
  const settings = group.map(read).filter((setting) => setting !== undefined);
  const first = settings[0];
  if (first === undefined) return undefined;
  const conflicting = settings.find((setting) => !sameSetting(name, setting.value, first.value));
  if (conflicting !== undefined) {
    const describe = (setting: { value: Value; where: SourceLocation }) =>
      `${String(setting.value)} at ${formatLocation(setting.where)}`;
    diagnostics.add({
      severity: 'error',
      message: `conflicting '${name}' for project ${projectId}: ${settings.map(describe).join(', ')}`,
      hint: `every manifest of a project that sets \`${name}\` must agree; set it in one manifest only`,
      where: conflicting.where,
      related: settings.filter((setting) => setting !== conflicting).map((s) => s.where),
    });
  }
  return first;
}

/** `prune: true` and `prune: all` say the same. */
function sameSetting(name: string, a: unknown, b: unknown): boolean {
  if (name === 'prune') return toPruneMode(a as never) === toPruneMode(b as never);
  return a === b;
}
