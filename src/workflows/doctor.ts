import { randomBytes } from 'node:crypto';
import { type DoctorCheck, skip } from '../doctor/checks.js';
import {
  checkApiKey,
  checkEndpoint,
  describeRateLimit,
  type RateObservations,
} from '../doctor/endpoint-checks.js';
import { checkAssetPage, checkProject } from '../doctor/project-checks.js';
import { runWriteProbe } from '../doctor/write-probe.js';
import { createClientForRuntime, formatClientEvent } from '../kili/create-client.js';
import { redactSecret } from '../kili/redact-secret.js';
import { hideCredentialsDeep } from '../plan/hide-credentials.js';
import type { Runtime } from '../runtime.js';
import { DOCTOR_FORMAT_VERSION, type DoctorReport } from '../schema/doctor-schema.js';
import { GENERATOR } from '../version.js';
import type { Connection } from './plan.js';

/** The rate kili-sync keeps to (the client's default), stated in the report as assumed. */
const ASSUMED_CALLS_PER_MINUTE = 500;

export interface DoctorOptions {
  runtime: Runtime;
  connection: Connection;
  /** Read-only checks of this project: input type, count, one page of assets. */
  projectId?: string;
  /** A scratch project to append, read, update, rename and delete one probe asset in. */
  writeProbeProjectId?: string;
  now?: Date;
}

/**
 * `doctor`: checks, against the endpoint and key given, what kili-sync assumes of Kili. Read-only
 * unless a scratch project is named for the write probe. The report names no secret: the key is
 * never in it, and signed URLs are shown with their credentials hidden.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { runtime, connection } = options;
  const now = options.now ?? new Date();
  const rate: RateObservations = {
    headers: {},
    rateLimited: 0,
    retryAfterMs: [],
    assumedPerMinute: ASSUMED_CALLS_PER_MINUTE,
  };
  const client = createClientForRuntime(connection, runtime, {
    concurrency: 1,
    onEvent: (event) => {
      if (event.kind === 'rate-limited') {
        rate.rateLimited += 1;
        rate.retryAfterMs.push(event.delayMs);
      }
      if (runtime.verbose) runtime.stderr.write(`${formatClientEvent(event)}\n`);
    },
  });
  const checks: DoctorCheck[] = [];

  const endpoint = await checkEndpoint(connection.endpoint, runtime.signal);
  checks.push(endpoint.check);
  Object.assign(rate.headers, endpoint.rateHeaders);
  const key = await checkApiKey(client, connection.apiKey, now);
  checks.push(key);
  const keyWorks = key.status !== 'fail';

  if (options.projectId === undefined) {
    checks.push(skip('project', 'no --project given'), skip('asset-page', 'no --project given'));
  } else if (!keyWorks) {
    checks.push(skip('project', 'needs a valid key'), skip('asset-page', 'needs a valid key'));
  } else {
    const project = await checkProject(client, options.projectId);
    checks.push(project.check);
    checks.push(
      project.count === undefined
        ? skip('asset-page', 'the project could not be read')
        : await checkAssetPage(client, options.projectId, project.count),
    );
  }

  if (options.writeProbeProjectId !== undefined) {
    checks.push(...(await probe(options, client, keyWorks)));
  }
  checks.push(describeRateLimit(rate));

  const report: DoctorReport = {
    formatVersion: DOCTOR_FORMAT_VERSION,
    generator: GENERATOR,
    createdAt: now.toISOString(),
    endpoint: connection.endpoint,
    checks,
    failed: checks.filter((check) => check.status === 'fail').map((check) => check.id),
  };
  return hideSecrets(report, connection.apiKey);
}

async function probe(
  options: DoctorOptions,
  client: ReturnType<typeof createClientForRuntime>,
  keyWorks: boolean,
): Promise<DoctorCheck[]> {
  const projectId = options.writeProbeProjectId!;
  if (!keyWorks) return [skip('probe-scratch', 'needs a valid key')];
  const project = await checkProject(client, projectId);
  if (!project.project) return [{ ...project.check, id: 'probe-scratch' }];
  const apiBase = options.connection.endpoint.replace(/\/graphql\/?$/, '');
  // The probe writes, then cleans up after itself: interrupted, it is let finish.
  const release = options.runtime.holdInterrupts();
  try {
    return await runWriteProbe(client, {
      projectId,
      inputType: project.project.inputType,
      runToken: randomBytes(4).toString('hex'),
      headersFor: (url): Record<string, string> =>
        url.startsWith(apiBase) ? { Authorization: `X-API-Key: ${options.connection.apiKey}` } : {},
    });
  } finally {
    release();
  }
}

/** The key cannot appear (a server may echo it in an error); signed URLs lose their credentials. */
function hideSecrets(report: DoctorReport, apiKey: string): DoctorReport {
  const text = JSON.stringify(hideCredentialsDeep(report));
  return JSON.parse(redactSecret(text, JSON.stringify(apiKey).slice(1, -1))) as DoctorReport;
}
