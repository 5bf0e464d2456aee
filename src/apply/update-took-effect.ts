import { isDeepStrictEqual } from 'node:util';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { AssetData } from './mutation-types.js';

/**
 * Whether an asset read back already holds what an update sent, so that an update whose answer
 * was lost is reported as applied when it did take effect. A `null` mark asks for nothing Kili
 * stores (it leaves the mark as it is), so it is not compared.
 */
export function updateTookEffect(asset: RemoteAsset, data: AssetData): boolean {
  const same = (key: keyof AssetData & keyof RemoteAsset) =>
    data[key] === undefined || data[key] === null || data[key] === asset[key];
  if (!same('externalId') || !same('content') || !same('jsonContent')) return false;
  if (!same('priority') || !same('isHoneypot') || !same('isUsedForConsensus')) return false;
  if (!same('honeypotMark') || !same('consensusMark')) return false;
  if (data.jsonMetadata !== undefined && !sameJson(data.jsonMetadata, asset.jsonMetadata)) {
    return false;
  }
  if (data.toBeLabeledBy !== undefined) {
    const wanted = new Set(data.toBeLabeledBy);
    const assigned = new Set(asset.toBeLabeledBy);
    if (!isDeepStrictEqual(wanted, assigned)) return false;
  }
  return true;
}

/** Kili may store metadata with other spacing or key order than was sent. */
function sameJson(sent: string, stored: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(sent), JSON.parse(stored));
  } catch {
    return sent === stored;
  }
}
