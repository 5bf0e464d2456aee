import type { Check, ResultRow, ScenarioContext } from './outcome.js';
import type { Fixtures, ScenarioName } from './prepare-fixtures.js';
import { runCliStartScenario } from './scenarios/cli-start.js';
import {
  JSONL_KEEP_SCRIPT,
  JSONL_PARSE_SCRIPT,
  runValidateScenario,
  YAML_PARSE_SCRIPT,
} from './scenarios/offline.js';
import { runPlanHtmlScenario } from './scenarios/plan-html.js';
import { runPlanJsonScenario } from './scenarios/plan-json.js';
import { runPureDiffScenario } from './scenarios/pure-diff.js';

type RecordOutcome = (
  name: string,
  run: () => Promise<{ rows: ResultRow[]; checks: Check[] }>,
) => Promise<void>;

/**
 * The scenarios that need no server: each is judged against a reference measured beside it in
 * the same run (a bare parse, a Map join), or against its own output.
 */
export async function runOfflineScenarios(
  context: ScenarioContext,
  fixtures: Fixtures,
  selected: ReadonlySet<ScenarioName>,
  record: RecordOutcome,
): Promise<void> {
  const { sizes } = context.config;
  const count = (n: number) => n.toLocaleString('en-US');
  if (selected.has('pure-diff')) {
    await record('pure-diff', () =>
      runPureDiffScenario(context, sizes.pureDiff, fixtures.drift.pureDiff),
    );
  }
  if (selected.has('validate')) {
    const manifest = fixtures.manifests.validate!;
    await record('validate', () =>
      runValidateScenario(context, {
        name: `validate ${count(sizes.validateAssets)}-asset YAML`,
        manifest,
        reference: {
          side: 'reference (yaml parse)',
          name: "yaml's bare parse",
          script: YAML_PARSE_SCRIPT,
          input: manifest,
          records: sizes.validateAssets,
          maxRatio: 2,
        },
        slowerBecause:
          'beyond the parse: positions kept for every node, the schema and the semantic checks of every asset',
        targetRssBytes: 600 * 1_048_576,
      }),
    );
  }
  if (selected.has('jsonl')) {
    await record('jsonl', () =>
      runValidateScenario(context, {
        name: `load ${count(sizes.jsonlLines)}-line JSONL`,
        manifest: fixtures.manifests.jsonl!,
        reference: {
          side: 'reference (JSON.parse lines)',
          name: 'a bare line-by-line JSON.parse',
          script: JSONL_PARSE_SCRIPT,
          input: fixtures.dataFiles.jsonl!,
          records: sizes.jsonlLines,
          maxRatio: 2,
        },
        slowerBecause:
          'beyond JSON.parse: the schema and semantic checks of every record, each made into a desired asset with its line, and a fingerprint of each external ID for the duplicate check',
        floor: {
          side: 'reference (records kept)',
          name: 'JSON.parse lines, records kept (as a plan keeps them), IDs in a Set',
          script: JSONL_KEEP_SCRIPT,
        },
      }),
    );
  }
  if (selected.has('plan-json')) {
    await record('plan-json', () => runPlanJsonScenario(context, sizes.planJsonChanges));
  }
  if (selected.has('startup')) {
    await record('startup', () => runCliStartScenario(context));
  }
  if (selected.has('plan-html')) {
    await record('plan-html', () => runPlanHtmlScenario(context, sizes.planHtmlChanges));
  }
}
