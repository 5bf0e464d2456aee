import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';

/** What a streaming read of a JSON plan found. */
export interface PlanJsonScan {
  /** Elements of every project's `changes`. */
  changes: number;
  /** Sum of every project's `summary.add`. */
  summaryAdds: number;
  bytes: number;
}

/**
 * Parses a JSON plan back with a streaming parser, change by change: a plan of a million
 * changes is too large for one string, so `JSON.parse` cannot read it. Throws unless the file is
 * exactly one complete JSON document (truncated, invalid or trailing text all fail).
 */
export async function scanPlanJsonFile(path: string): Promise<PlanJsonScan> {
  const parser = new JSONParser({
    paths: ['$.projects.*.changes.*', '$.projects.*.summary'],
    keepStack: false,
  });
  const scan: PlanJsonScan = { changes: 0, summaryAdds: 0, bytes: 0 };
  parser.onValue = ({ value, key }) => {
    if (typeof key === 'number') scan.changes += 1;
    else if (key === 'summary') scan.summaryAdds += readAdd(value);
  };
  for await (const chunk of createReadStream(path)) {
    scan.bytes += (chunk as Buffer).length;
    parser.write(chunk as Buffer);
  }
  // The parser ends by itself when the plan's top-level object closes; text after it throws.
  if (!parser.isEnded) throw new Error('the file ends before its JSON document does');
  return scan;
}

function readAdd(summary: unknown): number {
  const add = (summary as { add?: unknown } | null)?.add;
  return typeof add === 'number' ? add : 0;
}
