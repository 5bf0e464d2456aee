import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBenchConfig, scaleSizes } from '../../bench/config.js';
import { evaluateTargets } from '../../bench/evaluate-targets.js';
import { describeRuns, runAlternating } from '../../bench/fastest-alternating.js';
import { generateDriftedAssets, generateSparseAssets } from '../../bench/generate-data.js';
import { computeProtocolBound, governingRate } from '../../bench/measure.js';
import { isGate, type ResultRow } from '../../bench/outcome.js';
import { evaluateRatioTarget } from '../../bench/ratio-target.js';
import { renderReport } from '../../bench/report.js';
import { scanPlanJsonFile } from '../../bench/scan-plan-json.js';
import { joinByExternalId } from '../../bench/scenarios/map-join-job.js';
import { runPlanJsonJob } from '../../bench/scenarios/plan-json-job.js';
import { buildPureDiffInputs } from '../../bench/scenarios/pure-diff-inputs.js';

describe('computeProtocolBound', () => {
  it('takes the rate cap when it is the tighter limit', () => {
    const bound = computeProtocolBound(1_005, 250, 4, 500);
    expect(bound.latencyMs).toBeCloseTo(62_812.5);
    expect(bound.rateMs).toBeCloseTo(120_600);
    expect(bound.boundMs).toBeCloseTo(120_600);
  });

  it('takes latency ÷ concurrency for one request in flight', () => {
    const bound = computeProtocolBound(100, 250, 1, 500);
    expect(bound.boundMs).toBe(25_000);
  });
});

describe('resolveBenchConfig', () => {
  it('defaults to the full scale, 250 ms and 500 calls per minute', () => {
    const config = resolveBenchConfig([], {});
    expect(config).toMatchObject({
      smoke: false,
      scale: 1,
      latencyMs: 250,
      rateLimitPerMinute: 500,
    });
    expect(config.sizes.planLarge).toBe(100_000);
    expect(config.sizes.planJsonChanges).toBe(1_000_000);
    expect(config.repeats).toBe(3);
    expect(config.command).toBe('npm run bench');
  });

  it('shrinks everything for --smoke, keeping the minimum sizes', () => {
    const config = resolveBenchConfig(['--smoke'], {});
    expect(config.smoke).toBe(true);
    expect(config.sizes.planLarge).toBe(1_000);
    expect(config.sizes.soak).toBe(500);
    expect(config.sizes.planJsonChanges).toBe(10_000);
    expect(config.repeats).toBe(1);
    expect(config.command).toBe('npm run bench -- --smoke');
  });

  it('reads the environment, flags winning', () => {
    const config = resolveBenchConfig(['--latency-ms', '10'], {
      BENCH_SCALE: '0.5',
      BENCH_LATENCY_MS: '99',
      BENCH_RATE_LIMIT: '1000',
      BENCH_REPEATS: '5',
    });
    expect(config).toMatchObject({
      scale: 0.5,
      latencyMs: 10,
      rateLimitPerMinute: 1_000,
      repeats: 5,
    });
    expect(config.sizes.appends).toBe(5_000);
  });

  it('refuses a value that is not a number', () => {
    expect(() => resolveBenchConfig([], { BENCH_SCALE: 'lots' })).toThrow(/number/);
  });
});

describe('generated data', () => {
  it('drifts 1 %: half changed, half new', () => {
    const { assets, drift } = generateDriftedAssets('t', 10_000);
    expect(drift).toEqual({ updates: 50, adds: 50 });
    expect(assets).toHaveLength(10_050);
    expect(new Set(assets.map((asset) => asset.externalId)).size).toBe(10_050);
    expect(assets.filter((asset) => asset.priority === 5)).toHaveLength(25);
  });

  it('spreads a sparse slice over the whole project', () => {
    const assets = generateSparseAssets('t', 10, 1_000);
    expect(assets.map((asset) => asset.externalId).at(-1)).toBe('t-0000900');
  });

  it('scales sizes without going under the minimums', () => {
    expect(scaleSizes(0.0001).deletes).toBe(20);
    expect(scaleSizes(2).jsonlLines).toBe(2_000_000);
  });
});

describe('renderReport', () => {
  it('lists unmet targets with their cause and gates only correctness figures', () => {
    const checks = [
      { kind: 'target', name: 'fast', ok: false, measured: '3 s', cause: 'slow disk' },
      { kind: 'correctness', name: 'duplicates = 0', ok: true, measured: '0' },
    ] as const;
    const text = renderReport({
      config: resolveBenchConfig([], {}),
      rows: [{ scenario: 'plan', side: 'kili-sync', wallMs: 1_500, notes: ['a|b'] }],
      checks: [...checks],
      date: new Date('2024-01-01T00:00:00Z'),
      totalMs: 2_000,
    });
    expect(text).toMatch(/\| fast +\| NOT MET \| 3 s +\| slow disk +\|/);
    expect(text).toMatch(/\| duplicates = 0 \| met +\| 0 +\| +\|/);
    expect(text).toContain('|   Wall |');
    expect(text).toContain('a\\|b');
    expect(text).toContain(`Node ${process.version}`);
    expect(checks.filter(isGate).map((check) => check.name)).toEqual(['duplicates = 0']);
  });
});

describe('evaluateTargets', () => {
  const rows = (oursMs: number, theirsMs: number, requests: number): ResultRow[] => [
    {
      scenario: 'plan',
      side: 'kili-sync',
      wallMs: oursMs,
      requests: { assets: requests },
      bound: computeProtocolBound(requests, 250, 4, governingRate('kili-sync', 500)),
      notes: [],
    },
    { scenario: 'plan', side: 'baseline', wallMs: theirsMs, notes: [] },
  ];

  it('meets both targets within 1.15 × the bound and at 2 × the baseline', () => {
    const checks = evaluateTargets('plan', rows(125_000, 260_000, 1_005), 250);
    expect(checks.map((check) => check.ok)).toEqual([true, true]);
  });

  it("blames the last request's round trip when only that separates wall and bound", () => {
    const [bound] = evaluateTargets('delete', rows(330, 2_000, 1), 250);
    expect(bound?.ok).toBe(false);
    expect(bound?.cause).toMatch(/last request's round trip/);
  });

  it('says when a 2 × speed-up is out of reach against this baseline', () => {
    const [, speedup] = evaluateTargets('plan', rows(13_000, 25_000, 103), 250);
    expect(speedup?.ok).toBe(false);
    expect(speedup?.cause).toMatch(/at most 2\.02× is possible/);
  });

  it('caps kili-sync at its own 500 calls per minute, not the baseline', () => {
    expect(governingRate('kili-sync', 6_000)).toBe(500);
    expect(governingRate('baseline', 6_000)).toBe(6_000);
  });
});

describe('evaluateRatioTarget', () => {
  const target = {
    scenario: 'validate',
    figure: 'wall' as const,
    reference: "yaml's bare parse",
    maxRatio: 2,
    cause: 'checks',
  };

  it('is met at or under the ratio and shows both figures', () => {
    const check = evaluateRatioTarget({ ...target, measuredMs: 3_000, referenceMs: 1_500 });
    expect(check).toMatchObject({
      kind: 'target',
      name: "validate: wall ≤ 2 × yaml's bare parse",
      ok: true,
      measured: '2.00 × (3.00 s vs 1.50 s)',
    });
  });

  it('gives the cause above the ratio, and says when there is no reference', () => {
    expect(evaluateRatioTarget({ ...target, measuredMs: 3_100, referenceMs: 1_500 })).toMatchObject(
      { ok: false, cause: 'checks' },
    );
    expect(
      evaluateRatioTarget({ ...target, measuredMs: 3_000, referenceMs: Number.NaN }),
    ).toMatchObject({ ok: false, measured: 'n/a (3.00 s vs n/a)' });
  });
});

describe('runAlternating', () => {
  it('alternates the sides and keeps the fastest run of each', async () => {
    const order: string[] = [];
    const times = { ours: [30, 10, 20], reference: [5, 7, 6] };
    const next = (side: keyof typeof times) => async () => {
      order.push(side);
      const cpuMs = times[side][order.filter((name) => name === side).length - 1]!;
      return { wallMs: 100, cpuMs, side };
    };
    const { ours, reference } = await runAlternating(3, 'cpuMs', next('ours'), next('reference'));
    expect(order).toEqual(['ours', 'reference', 'ours', 'reference', 'ours', 'reference']);
    expect(ours.fastest.cpuMs).toBe(10);
    expect(ours.slowestMs).toBe(30);
    expect(reference.fastest.cpuMs).toBe(5);
    expect(describeRuns(ours, 'cpuMs')).toEqual(['fastest of 3 (slowest 30 ms CPU)']);
    expect(describeRuns({ ...ours, all: [ours.fastest] })).toEqual([]);
  });
});

describe('joinByExternalId', () => {
  it('finds the generated drift, as the planner does', () => {
    const { desired, remote } = buildPureDiffInputs(2_000);
    const project = desired.projects[0]!;
    const counts = joinByExternalId(project.assets, remote.get(project.projectId)!.assets);
    expect(counts).toEqual({ add: 10, update: 10, unchanged: 1_990 });
  });
});

describe('scanPlanJsonFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kili-sync-bench-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back every change of a streamed plan', async () => {
    const outFile = join(dir, 'plan.json');
    const { figures } = await runPlanJsonJob({ kind: 'plan-json', size: 300, outFile });
    expect(figures.changes).toBe(300);
    const scan = await scanPlanJsonFile(outFile);
    expect(scan).toEqual({ changes: 300, summaryAdds: 300, bytes: figures.fileBytes });
    expect(JSON.parse(await readFile(outFile, 'utf8')).projects[0].changes).toHaveLength(300);
  });

  it('refuses a truncated file, trailing text and an empty file', async () => {
    const outFile = join(dir, 'broken.json');
    const { figures } = await runPlanJsonJob({ kind: 'plan-json', size: 50, outFile });
    await truncate(outFile, figures.fileBytes - 10);
    await expect(scanPlanJsonFile(outFile)).rejects.toThrow();
    await runPlanJsonJob({ kind: 'plan-json', size: 50, outFile });
    await appendFile(outFile, '{}');
    await expect(scanPlanJsonFile(outFile)).rejects.toThrow();
    await writeFile(outFile, '');
    await expect(scanPlanJsonFile(outFile)).rejects.toThrow();
  });
});
