import { type Consent, type ConsentNeed, isGiven } from '../plan/consent-rules.js';

/**
 * The consents a plan needs, as each output says them. Every line here reads the needs apply's
 * consent rule returned (see plan/consent-rules.ts): no renderer decides a flag by itself.
 */

/**
 * One line per need: `Apply needs --allow-delete: 3 assets would be deleted.`; with the flags
 * an apply was given, a given one reads `Allowed by --allow-delete: …`.
 */
export function describeNeedsText(needs: readonly ConsentNeed[], given?: Consent): string[] {
  return needs.map(
    (need) =>
      `${isGiven(need.flag, given) ? 'Allowed by' : 'Apply needs'} ${need.flag}: ${need.reason}.`,
  );
}

/** `**Apply needs** `--allow-delete` (3 assets would be deleted), …`, or nothing. */
export function describeNeedsMarkdown(needs: readonly ConsentNeed[]): string {
  if (needs.length === 0) return '';
  const listed = needs.map((need) => `\`${need.flag}\` (${need.reason})`);
  return `**Apply needs** ${listed.join(', ')}.`;
}

/**
 * What answering yes at the prompt allows beyond the flags given: the deletes (never the
 * stronger consents, which apply has refused before asking).
 */
export function describePromptAllowance(
  needs: readonly ConsentNeed[],
  given: Consent,
): string | undefined {
  const deletes = needs.find((need) => need.flag === '--allow-delete');
  if (deletes === undefined || isGiven(deletes.flag, given)) return undefined;
  return `This plan needs --allow-delete (${deletes.reason}): answering yes also allows the deletes.`;
}
