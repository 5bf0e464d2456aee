import { isIPv4 } from 'node:net';
import { KiliSyncError } from '../errors.js';
import { redactSecret } from './redact-secret.js';

export const DEFAULT_ENDPOINT = 'https://cloud.kili-technology.com/api/label/v2/graphql';

export interface ConnectionSettings {
  endpoint: string;
  apiKey: string;
  /** KILI_VERIFY: whether TLS certificates are checked (the SDK's `true`/`1`/`yes`). */
  verify: boolean;
  /** Things the user should know about these settings, for stderr. */
  warnings: string[];
}

/**
 * Resolves where and how to connect: `--api-key`/`--endpoint` first, then the variables the
 * official SDK reads (`KILI_API_KEY`, `KILI_API_ENDPOINT`, `KILI_VERIFY`), then Kili cloud.
 * The key never appears in an error.
 */
export function resolveConnection(
  flags: { apiKey?: string; endpoint?: string },
  env: Readonly<Record<string, string | undefined>>,
): ConnectionSettings {
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.KILI_API_KEY);
  if (!apiKey) {
    throw new KiliSyncError('no-api-key', 'no Kili API key was given');
  }
  checkHeaderSafe(apiKey, nonEmpty(flags.apiKey) ? '--api-key' : 'KILI_API_KEY');
  const endpoint = nonEmpty(flags.endpoint) ?? nonEmpty(env.KILI_API_ENDPOINT) ?? DEFAULT_ENDPOINT;
  const source = nonEmpty(flags.endpoint) ? '--endpoint' : 'KILI_API_ENDPOINT';
  const url = parseHttpUrl(endpoint);
  if (!url) {
    throw new KiliSyncError(
      'endpoint-invalid',
      `${source} is not an http(s) URL: ${redactSecret(endpoint, apiKey)}`,
      {
        hint: `use the GraphQL URL, e.g. ${DEFAULT_ENDPOINT}`,
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new KiliSyncError('endpoint-invalid', `${source} contains a user name or password`, {
      hint: 'fetch refuses URLs with credentials: the API key is the only credential Kili needs',
    });
  }
  const warnings: string[] = [];
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    warnings.push(
      `the API key will be sent unencrypted over plain http:// to ${url.host}; ` +
        'anyone on the network path can read it (use https://)',
    );
  }
  const verifySetting = env.KILI_VERIFY;
  const verify = verifySetting === undefined || /^(true|1|yes)$/i.test(verifySetting.trim());
  if (!verify) {
    warnings.push(
      'KILI_VERIFY is false, but kili-sync always verifies TLS certificates; ' +
        'to trust a private certificate authority, set NODE_EXTRA_CA_CERTS=<ca.pem>',
    );
  }
  return { endpoint, apiKey, verify, warnings };
}

/**
 * The key travels in a header: fetch cannot encode characters beyond Latin-1 and refuses line
 * breaks. Checked here so that a stray pasted character is named as such, before any request.
 */
function checkHeaderSafe(apiKey: string, source: string): void {
  const position = apiKey.search(/[^\x20-\x7e\xa0-\xff]/);
  if (position === -1) return;
  throw new KiliSyncError(
    'api-key-unsendable',
    `${source} contains a character that cannot be sent in an HTTP header ` +
      `(character ${position + 1} of the key)`,
  );
}

/** Whether the host is this machine, where plain http:// never leaves it. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseHttpUrl(text: string): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const isHttp = (url?.protocol === 'http:' || url?.protocol === 'https:') && url.hostname !== '';
  return isHttp ? url : undefined;
}
