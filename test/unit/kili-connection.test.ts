import { describe, expect, it } from 'vitest';
import { isKiliSyncError } from '../../src/errors.js';
import { DEFAULT_ENDPOINT, resolveConnection } from '../../src/kili/connection.js';

const KEY = 'sekret-key-5f3a9c';

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('resolveConnection', () => {
  it('uses the SDK variables, with Kili cloud as the default endpoint', () => {
    expect(resolveConnection({}, { KILI_API_KEY: KEY })).toEqual({
      endpoint: DEFAULT_ENDPOINT,
      apiKey: KEY,
      verify: true,
      warnings: [],
    });
    const settings = resolveConnection(
      {},
      { KILI_API_KEY: KEY, KILI_API_ENDPOINT: 'http://127.0.0.1:4000/api/label/v2/graphql' },
    );
    expect(settings.endpoint).toBe('http://127.0.0.1:4000/api/label/v2/graphql');
  });

  it('lets flags override the environment', () => {
    const settings = resolveConnection(
      { apiKey: 'flag-key', endpoint: 'https://kili.example.com/api/label/v2/graphql' },
      { KILI_API_KEY: KEY, KILI_API_ENDPOINT: 'http://127.0.0.1:4000/api/label/v2/graphql' },
    );
    expect(settings.apiKey).toBe('flag-key');
    expect(settings.endpoint).toBe('https://kili.example.com/api/label/v2/graphql');
  });

  it('refuses a missing or blank key with a hint naming KILI_API_KEY', () => {
    for (const env of [{}, { KILI_API_KEY: '  ' }]) {
      const error = catchError(() => resolveConnection({}, env));
      expect(isKiliSyncError(error) && error.code).toBe('AUTH');
      expect(isKiliSyncError(error) && error.hint).toMatch(/KILI_API_KEY/);
    }
  });

  it('refuses an endpoint that is not an http(s) URL, without printing the key', () => {
    for (const endpoint of ['ftp://kili.example.com/graphql', 'not a url', `https//${KEY}`]) {
      const error = catchError(() => resolveConnection({ endpoint }, { KILI_API_KEY: KEY }));
      expect(isKiliSyncError(error) && error.code).toBe('USAGE');
      expect(String((error as Error).message)).not.toContain(KEY);
    }
  });

  it('reads KILI_VERIFY like the SDK and warns that disabling it is not supported', () => {
    expect(resolveConnection({}, { KILI_API_KEY: KEY, KILI_VERIFY: 'YES' }).verify).toBe(true);
    expect(resolveConnection({}, { KILI_API_KEY: KEY, KILI_VERIFY: '1' }).verify).toBe(true);
    const off = resolveConnection({}, { KILI_API_KEY: KEY, KILI_VERIFY: 'false' });
    expect(off.verify).toBe(false);
    expect(off.warnings.join('\n')).toMatch(/KILI_VERIFY/);
  });

  it('refuses a key that cannot travel in an HTTP header, before any request, without printing it', () => {
    for (const key of [
      `${KEY}\u20ac`,
      `caf\u00e9-${KEY}\u2019`,
      `${KEY}\nsecond-line`,
      `${KEY}\u0000`,
    ]) {
      const error = catchError(() => resolveConnection({}, { KILI_API_KEY: key }));
      expect(isKiliSyncError(error) && error.entry.code).toBe('KS0303');
      expect(String((error as Error).message)).toMatch(
        /^KILI_API_KEY contains a character that cannot be sent in an HTTP header/,
      );
      expect(String((error as Error).message)).not.toContain(KEY);
    }
    const flag = catchError(() => resolveConnection({ apiKey: `${KEY}\u20ac` }, {}));
    expect(String((flag as Error).message)).toMatch(/^--api-key contains/);
    // Latin-1 is what a header can carry.
    expect(resolveConnection({}, { KILI_API_KEY: `${KEY}\u00e9` }).apiKey).toBe(`${KEY}\u00e9`);
  });

  it('refuses an endpoint with a user name or password, without printing them', () => {
    const error = catchError(() =>
      resolveConnection(
        { endpoint: 'https://me:pa55word@kili.example.com/api/label/v2/graphql' },
        { KILI_API_KEY: KEY },
      ),
    );
    expect(isKiliSyncError(error) && error.code).toBe('USAGE');
    expect(String((error as Error).message)).toBe('--endpoint contains a user name or password');
  });

  it('warns when the key would travel over plain http:// to another machine', () => {
    const warningsFor = (endpoint: string) =>
      resolveConnection({ endpoint }, { KILI_API_KEY: KEY }).warnings;
    expect(warningsFor('http://kili.example.com:8080/api/label/v2/graphql')).toEqual([
      'the API key will be sent unencrypted over plain http:// to kili.example.com:8080; ' +
        'anyone on the network path can read it (use https://)',
    ]);
    expect(warningsFor('http://10.0.0.7/api/label/v2/graphql')).toHaveLength(1);
    for (const local of [
      'http://127.0.0.1:4000/api/label/v2/graphql',
      'http://127.1.2.3:4000/api/label/v2/graphql',
      'http://localhost:4000/api/label/v2/graphql',
      'http://emulator.localhost/api/label/v2/graphql',
      'http://[::1]:4000/api/label/v2/graphql',
      'https://kili.example.com/api/label/v2/graphql',
    ]) {
      expect(warningsFor(local)).toEqual([]);
    }
  });
});
