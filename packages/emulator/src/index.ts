/**
 * @kili-sync/emulator: a local Kili-compatible GraphQL API for demos, tests and benchmarks.
 * `kili-sync emulator` loads this package only when it runs, so the CLI's own install carries
 * no native module.
 */
export { KiliSyncError as EmulatorUsageError } from './errors.js';
export { QUERY_LIMITS } from './query-limits.js';
export {
  type EmulatorOptions,
  type FaultOptions,
  type RunningEmulator,
  type SeedFile,
  startEmulator,
} from './server.js';
export type { EmulatorStats } from './stats.js';
