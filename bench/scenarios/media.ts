import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApplyFigures, ApplyJob } from '../jobs.js';
import { governingRate, KILI_SYNC_RATE_CAP, runJobInChild } from '../measure.js';
import {
  type Check,
  countRequests,
  formatDuration,
  type ResultRow,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

/** Frames per video of local frames. */
export const FRAMES_PER_SEQUENCE = 30;
const TARGET_BOUND_FACTOR = 1.15;

export interface MediaSizes {
  videos: number;
  frameSequences: number;
  /** How long the emulator keeps each asynchronous import PENDING. */
  asyncImportMs: number;
}

/** A 1 × 1 PNG: frames are pictures, and their size does not matter to the protocol. */
const FRAME_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);

/**
 * What the SDK's media paths cost: applying hosted videos (asynchronous imports, each waited on
 * through its notification) and videos of local frames (every frame uploaded, then the SDK's
 * frame index, then one `appendManyAssets` per video, the SDK's batch size). kili-sync only: the
 * SDK itself is the reference of what is sent, and the bound says how fast any client sending
 * it can be.
 */
export async function runMediaScenarios(
  context: ScenarioContext,
  sizes: MediaSizes,
): Promise<ScenarioOutcome> {
  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  const count = (n: number) => n.toLocaleString('en-US');

  const videos = await prepareVideos(context, sizes.videos);
  const videoName = `apply ${count(sizes.videos)} hosted videos`;
  context.log(`${videoName}: kili-sync`);
  const videoReport = await applyOnce(context, videos);
  const videoRow = mediaRow(context, videoName, videoReport, sizes.asyncImportMs);
  rows.push(videoRow);
  checks.push(
    ...checkMedia(videoRow, videoReport, videos.projectId, sizes.videos, {
      appendManyFramesToDatasetAsynchronously: Math.ceil(sizes.videos / 100),
    }),
  );

  const frames = await prepareFrames(context, sizes.frameSequences);
  const framesName = `apply ${count(sizes.frameSequences)} local frame sequences of ${FRAMES_PER_SEQUENCE} frames`;
  context.log(`${framesName}: kili-sync`);
  const framesReport = await applyOnce(context, frames);
  const framesRow = mediaRow(context, framesName, framesReport, sizes.asyncImportMs);
  rows.push(framesRow);
  const frameCount = sizes.frameSequences * FRAMES_PER_SEQUENCE;
  checks.push(
    ...checkMedia(framesRow, framesReport, frames.projectId, sizes.frameSequences, {
      appendManyAssets: sizes.frameSequences,
      createUploadBucketSignedUrls:
        Math.ceil(frameCount / 30) + Math.ceil(sizes.frameSequences / 30),
      'files.put': frameCount + sizes.frameSequences,
    }),
  );
  return { rows, checks };
}

interface MediaTarget {
  manifest: string;
  projectId: string;
}

async function createVideoProject(context: ScenarioContext, title: string): Promise<string> {
  const { graphqlUrl, apiKey } = context.endpoint;
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${apiKey}` },
    body: JSON.stringify({
      query:
        'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
      variables: { data: { title, inputType: 'VIDEO', jsonInterface: '{}' } },
    }),
  });
  const body = (await response.json()) as { data?: { data?: { id?: string } } };
  const id = body.data?.data?.id;
  if (id === undefined) throw new Error(`createProject answered ${JSON.stringify(body)}`);
  return id;
}

function manifestText(projectId: string, assets: string[]): string {
  return `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nassets:\n${assets.join('')}`;
}

async function prepareVideos(context: ScenarioContext, videos: number): Promise<MediaTarget> {
  const projectId = await createVideoProject(context, 'bench hosted videos');
  const assets = Array.from(
    { length: videos },
    (_, i) => `  - externalId: video-${i}\n    content: https://cdn.example.com/videos/${i}.mp4\n`,
  );
  const manifest = join(context.workDir, 'media-videos.yaml');
  await writeFile(manifest, manifestText(projectId, assets));
  return { manifest, projectId };
}

async function prepareFrames(context: ScenarioContext, sequences: number): Promise<MediaTarget> {
  const projectId = await createVideoProject(context, 'bench frame sequences');
  const folder = join(context.workDir, 'media-frames');
  const assets: string[] = [];
  for (let video = 0; video < sequences; video += 1) {
    const dir = join(folder, `clip-${video}`);
    await mkdir(dir, { recursive: true });
    for (let frame = 0; frame < FRAMES_PER_SEQUENCE; frame += 1) {
      await writeFile(join(dir, `frame-${frame}.png`), FRAME_PNG);
    }
    assets.push(`  - externalId: clip-${video}\n    frames: { files: "clip-${video}/*.png" }\n`);
  }
  const manifest = join(folder, 'frames.yaml');
  await writeFile(manifest, manifestText(projectId, assets));
  return { manifest, projectId };
}

function applyOnce(context: ScenarioContext, target: MediaTarget) {
  const job: ApplyJob = {
    kind: 'apply',
    side: 'kili-sync',
    endpoint: context.endpoint,
    manifest: target.manifest,
    projectId: target.projectId,
    maxRounds: 1,
  };
  return runJobInChild<ApplyFigures>(job, { inProcess: context.inProcess });
}

type MediaReport = Awaited<ReturnType<typeof applyOnce>>;

/** Requests by operation, the uploads to the bucket counted as `files.put`. */
function requestsOf(report: MediaReport): Record<string, number> {
  const { requests, files } = report.figures.emulator;
  return files?.put ? { ...requests, 'files.put': files.put } : { ...requests };
}

/**
 * The protocol bound of a media apply: no client sending these calls can be faster.
 * - GraphQL calls G (imports, polls, signed URLs, appends, reads) take the emulator's latency L
 *   each, C at a time: G × L ÷ C;
 * - every call to Kili, uploads to its own `/files` included (kili-sync sends its key there and
 *   keeps one budget for all it sends to Kili), is paced under the rate cap R: (G + U) ÷ R;
 * - an asynchronous import cannot be known to have ended before it was sent, processed (P) and
 *   polled once: L + P + L.
 * The bound is the largest of the three.
 */
export function computeMediaBound(
  requests: Record<string, number>,
  latencyMs: number,
  concurrency: number,
  ratePerMinute: number,
  asyncImportMs: number,
) {
  const uploads = requests['files.put'] ?? 0;
  const calls = countRequests(requests) - uploads;
  const latencyBound = (calls * latencyMs) / Math.max(1, concurrency);
  const rateBound = ((calls + uploads) * 60_000) / ratePerMinute;
  const imports = requests.appendManyFramesToDatasetAsynchronously ?? 0;
  const processingBound = imports > 0 ? 2 * latencyMs + asyncImportMs : 0;
  const boundMs = Math.max(latencyBound, rateBound, processingBound);
  return { latencyMs: Math.max(latencyBound, processingBound), rateMs: rateBound, boundMs };
}

function mediaRow(
  context: ScenarioContext,
  name: string,
  report: MediaReport,
  asyncImportMs: number,
): ResultRow {
  const { figures } = report;
  const { endpoint, config } = context;
  const requests = requestsOf(report);
  const rate = Math.min(
    governingRate('kili-sync', endpoint.rateLimitPerMinute),
    KILI_SYNC_RATE_CAP,
  );
  return {
    scenario: name,
    side: 'kili-sync',
    wallMs: report.wallMs,
    cpuMs: report.cpuMs,
    requests,
    maxRssBytes: report.maxRssBytes,
    bound: computeMediaBound(requests, config.latencyMs, endpoint.concurrency, rate, asyncImportMs),
    notes: [
      `${figures.added} added, ${figures.failed} failed; imports PENDING ${asyncImportMs} ms at the emulator`,
      "bound: max(calls × latency ÷ concurrency, (calls + uploads) ÷ rate cap, latency + processing + latency) — uploads to Kili's /files share the rate cap, an import is known done only after one poll",
      ...(figures.clientRetries > 0 ? [`${figures.clientRetries} retries`] : []),
    ],
  };
}

function checkMedia(
  row: ResultRow,
  report: MediaReport,
  projectId: string,
  expected: number,
  calls: Record<string, number>,
): Check[] {
  const name = row.scenario;
  const { figures } = report;
  const assets = figures.emulator.projects[projectId]?.assets;
  const ok = figures.added === expected && figures.failed === 0 && assets === expected;
  const checks: Check[] = [
    {
      kind: 'correctness',
      name: `${name}: every asset added once, the project holds ${expected}`,
      ok,
      measured: `added ${figures.added}, failed ${figures.failed}, project holds ${assets ?? 'n/a'}`,
      cause: ok ? undefined : 'assets missing, failed or duplicated',
    },
  ];
  const requests = row.requests ?? {};
  for (const [operation, allowed] of Object.entries(calls)) {
    const sent = requests[operation] ?? 0;
    checks.push({
      kind: 'both',
      name: `${name}: ${operation} = ${allowed}, as the SDK sends them`,
      ok: sent === allowed,
      measured: `${sent}`,
      cause: sent === allowed ? undefined : 'batches were split, merged or resent',
    });
  }
  if (row.bound === undefined) return checks;
  const ratio = report.wallMs / row.bound.boundMs;
  checks.push({
    kind: 'target',
    name: `${name}: wall ≤ ${TARGET_BOUND_FACTOR} × protocol bound`,
    ok: ratio <= TARGET_BOUND_FACTOR,
    measured: `${formatDuration(report.wallMs)} = ${ratio.toFixed(2)} × bound ${formatDuration(row.bound.boundMs)}`,
    cause:
      ratio <= TARGET_BOUND_FACTOR
        ? undefined
        : 'time outside the paced calls: waits between polls, uploads not overlapping the calls',
  });
  return checks;
}
