/**
 * The command an argument list runs: its first word that is not an option (the global options
 * take no value). Shared by the command registry and `bin.ts`, which picks the start-up bundle
 * for `validate` by the same rule.
 */
export function commandNameIn(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-'));
}
