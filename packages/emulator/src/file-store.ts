import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { LogicalClock } from './clock.js';
import { StatementCache } from './statement-cache.js';

export interface StoredFile {
  contentType: string;
  data: Buffer;
}

/** The upload bucket: signed-upload signatures and the bytes uploaded with them. */
export class FileStore {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  /** A fresh, unguessable signature that authorises one upload to `path`. */
  createSignature(path: string): string {
    const signature = randomBytes(18).toString('base64url');
    this.statements
      .get('INSERT INTO upload_signatures (signature, path) VALUES (?, ?)')
      .run(signature, path);
    return signature;
  }

  /** The bucket path a signature was issued for, if any. */
  resolveSignature(signature: string): string | undefined {
    const row = this.statements
      .get('SELECT path FROM upload_signatures WHERE signature = ?')
      .get(signature) as { path: string } | undefined;
    return row?.path;
  }

  put(path: string, contentType: string, data: Buffer): void {
    this.statements
      .get(
        `INSERT INTO files (path, content_type, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET content_type = excluded.content_type,
         data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(path, contentType, data, this.clock.tick());
  }

  /** Removes the files whose bucket path starts with `prefix`. */
  deleteUnder(prefix: string): void {
    this.statements
      .get('DELETE FROM files WHERE substr(path, 1, length(?)) = ?')
      .run(prefix, prefix);
  }

  get(path: string): StoredFile | undefined {
    const row = this.statements
      .get('SELECT content_type AS contentType, data FROM files WHERE path = ?')
      .get(path) as StoredFile | undefined;
    return row;
  }
}
