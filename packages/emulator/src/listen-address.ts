import { isIP } from 'node:net';

/**
 * Whether only this machine can reach a server listening on `host`. Anything else (a LAN address,
 * `0.0.0.0`, `::`, a host name) may expose the emulator, which guards everything with one
 * well-known key by default, to the network.
 */
export function isLoopbackHost(host: string): boolean {
  const normalized = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (normalized === 'localhost' || normalized === '::1') return true;
  const ipv4 = normalized.startsWith('::ffff:') ? normalized.slice('::ffff:'.length) : normalized;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

/** The warning printed when the emulator listens beyond loopback. */
export function describeExposure(host: string): string {
  return (
    `the emulator listens on ${host}, which other machines may reach: anyone who can connect ` +
    'and knows the API key can read and change its data (use --host 127.0.0.1 to keep it local)'
  );
}

/** A URL host: unspecified addresses become loopback, IPv6 gets brackets. */
export function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
