import { ApiKeysDocument, MeDocument } from '../graphql/generated.js';
import type { KiliClient } from '../kili/client.js';
import { type DoctorCheck, describeError, type Facts, fail, pass, warn } from './checks.js';

/** The SDK warns when the key expires within this many days; doctor does the same. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Response headers through which a server may state its rate limit. */
const RATE_HEADERS = [
  'ratelimit',
  'ratelimit-limit',
  'ratelimit-policy',
  'ratelimit-remaining',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'retry-after',
];

export interface EndpointFindings {
  check: DoctorCheck;
  /** Rate-limit headers the server sent, by lower-case name. */
  rateHeaders: Record<string, string>;
}

/**
 * `GET <endpoint with /graphql → /version>`, as the SDK does at start-up: Kili answers
 * `{"version": "x.y.z"}`. Proves the endpoint is a Kili API and tells which version.
 */
export async function checkEndpoint(
  endpoint: string,
  signal?: AbortSignal,
): Promise<EndpointFindings> {
  const versionUrl = endpoint.replace(/\/graphql\/?$/, '/version');
  const rateHeaders: Record<string, string> = {};
  try {
    const response = await fetch(versionUrl, {
      headers: { Accept: 'application/json' },
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(30_000)])
        : AbortSignal.timeout(30_000),
    });
    for (const name of RATE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) rateHeaders[name] = value;
    }
    const version = readVersion(await response.text());
    const check =
      response.ok && version !== undefined
        ? pass('endpoint', `Kili API ${version} answers at ${versionUrl}`, { version, versionUrl })
        : fail(
            'endpoint',
            `GET ${versionUrl} answered HTTP ${response.status} without a version: not a Kili API endpoint?`,
            { versionUrl, httpStatus: response.status },
          );
    return { check, rateHeaders };
  } catch (error) {
    const reason = `GET ${versionUrl} failed: ${describeError(error)}`;
    return { check: fail('endpoint', reason, { versionUrl }, error), rateHeaders };
  }
}

function readVersion(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { version?: unknown };
    return typeof body.version === 'string' && body.version !== '' ? body.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key, as the SDK checks it: `viewer { id email }` must answer, then `apiKeys(where: {key})`
 * gives its expiry date. The key itself is never part of the result.
 */
export async function checkApiKey(
  client: KiliClient,
  apiKey: string,
  now: Date,
): Promise<DoctorCheck> {
  let email: string;
  try {
    const viewer = await client.request(MeDocument, {});
    email = viewer.data.email;
  } catch (error) {
    return fail('api-key', `the key was not accepted: ${describeError(error)}`, {}, error);
  }
  const facts: Facts = { userEmail: email };
  let expiryDate: string | undefined;
  try {
    const keys = await client.request(ApiKeysDocument, { where: { key: apiKey } });
    expiryDate = keys.data?.[0]?.expiryDate ?? undefined;
  } catch (error) {
    return warn(
      'api-key',
      `valid (user ${email}); its expiry date could not be read: ${describeError(error)}`,
      facts,
    );
  }
  const expiry = expiryDate === undefined ? Number.NaN : Date.parse(expiryDate);
  if (Number.isNaN(expiry)) {
    return warn('api-key', `valid (user ${email}); Kili did not say when it expires`, facts);
  }
  const daysLeft = Math.floor((expiry - now.getTime()) / DAY_MS);
  const withExpiry: Facts = { ...facts, expiryDate: expiryDate ?? null, daysLeft };
  if (expiry <= now.getTime()) {
    return fail(
      'api-key',
      `the key expired on ${expiryDate}: create a new one in Kili`,
      withExpiry,
    );
  }
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return warn(
      'api-key',
      `valid (user ${email}) but expires in ${daysLeft} days, on ${expiryDate}`,
      withExpiry,
    );
  }
  return pass('api-key', `valid (user ${email}), expires ${expiryDate}`, withExpiry);
}

export interface RateObservations {
  /** Rate-limit headers seen on any answer. */
  headers: Record<string, string>;
  /** 429 answers during this run, and the waits the server asked for. */
  rateLimited: number;
  retryAfterMs: number[];
  assumedPerMinute: number;
}

/**
 * What can be learned about the rate the server allows without spending the organisation's
 * budget to find out: headers it sends, 429s met on the way. What is not known is said to be
 * assumed (the official SDK's own limit, which kili-sync keeps to).
 */
export function describeRateLimit(observed: RateObservations): DoctorCheck {
  const advertised = Object.entries(observed.headers)
    .filter(([name]) => name !== 'retry-after')
    .map(([name, value]) => `${name}: ${value}`);
  const facts: Facts = {
    assumedCallsPerMinute: observed.assumedPerMinute,
    advertised: advertised.length > 0 ? advertised.join('; ') : null,
    rateLimitedAnswers: observed.rateLimited,
    longestRetryAfterMs:
      observed.retryAfterMs.length > 0 ? Math.max(...observed.retryAfterMs) : null,
  };
  const assumed = `kili-sync keeps to ${observed.assumedPerMinute} calls/min (assumed: the official SDK's limit)`;
  const known =
    advertised.length > 0
      ? `the server advertises ${advertised.join(', ')}`
      : 'the server advertises no limit';
  if (observed.rateLimited > 0) {
    return warn(
      'rate-limit',
      `${known}; ${observed.rateLimited} answer(s) were 429 during this run (others share the key's budget?); ${assumed}`,
      facts,
    );
  }
  return pass('rate-limit', `${known}; ${assumed}`, facts);
}
