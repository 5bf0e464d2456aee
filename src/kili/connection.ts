import { KiliSyncError } from '../errors.js';
import { redactSecret } from './client-errors.js';

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
    throw new KiliSyncError('AUTH', 'no Kili API key was given', {
      hint: 'set KILI_API_KEY or pass --api-key (create a key in Kili under My account → API key)',
    });
  }
  const endpoint = nonEmpty(flags.endpoint) ?? nonEmpty(env.KILI_API_ENDPOINT) ?? DEFAULT_ENDPOINT;
  if (!isHttpUrl(endpoint)) {
    const source = nonEmpty(flags.endpoint) ? '--endpoint' : 'KILI_API_ENDPOINT';
    throw new KiliSyncError(
      'USAGE',
      `${source} is not an http(s) URL: ${redactSecret(endpoint, apiKey)}`,
      {
        hint: `use the GraphQL URL, e.g. ${DEFAULT_ENDPOINT}`,
      },
    );
  }
  const verifySetting = env.KILI_VERIFY;
  const verify = verifySetting === undefined || /^(true|1|yes)$/i.test(verifySetting.trim());
  const warnings = verify
    ? []
    : [
        'KILI_VERIFY is false, but kili-sync always verifies TLS certificates; ' +
          'to trust a private certificate authority, set NODE_EXTRA_CA_CERTS=<ca.pem>',
      ];
  return { endpoint, apiKey, verify, warnings };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
