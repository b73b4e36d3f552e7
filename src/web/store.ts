// Where the web form keeps its scans: one SQLite file (node:sqlite, no native addon) in
// WAL mode. Scans, their progress events, results and evidence survive a restart; a scan
// that was queued or running when the server died is marked failed, with the reason,
// the next time the store opens — never lost silently. User-supplied request headers are
// never stored (they live only in the in-memory job while the scan runs).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Evidence } from '../evidence.ts';
import type { Result, Tier } from '../result.ts';

export type ScanStatus = 'queued' | 'running' | 'done' | 'failed';
export const FINAL_STATUSES: readonly ScanStatus[] = ['done', 'failed'];

export const RESTART_REASON = 'server restarted during the scan';

export interface ScanRow {
  id: string;
  url: string;
  status: ScanStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  score: number | null;
  tier: Tier | null;
  reachable: boolean | null;
}

/** One progress event, as streamed over SSE (seq is the SSE `id:`). */
export interface StoredEvent {
  seq: number;
  type: 'status' | 'progress';
  data: Record<string, unknown>;
}

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Never edit a shipped migration: add the next one.
 */
const MIGRATIONS: string[] = [
  // 1: scans, their progress events, and their results (kept apart so lists stay cheap)
  `CREATE TABLE scans (
     id          TEXT PRIMARY KEY,
     url         TEXT NOT NULL,
     status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
     created_at  TEXT NOT NULL,
     started_at  TEXT,
     finished_at TEXT,
     error       TEXT,
     score       INTEGER,
     tier        TEXT,
     reachable   INTEGER
   ) STRICT;
   CREATE INDEX scans_by_url ON scans (url, created_at);
   CREATE INDEX scans_by_created ON scans (created_at);
   CREATE INDEX scans_by_status ON scans (status) WHERE status IN ('queued', 'running');
   CREATE TABLE scan_events (
     scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
     seq     INTEGER NOT NULL,
     type    TEXT NOT NULL,
     data    TEXT NOT NULL,
     PRIMARY KEY (scan_id, seq)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE scan_results (
     scan_id  TEXT PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
     result   TEXT NOT NULL,
     evidence BLOB
   ) STRICT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

type Row = Record<string, SQLInputValue>;

function toScan(r: Row): ScanRow {
  return {
    id: String(r.id),
    url: String(r.url),
    status: r.status as ScanStatus,
    createdAt: String(r.created_at),
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    tier: (r.tier as Tier | null) ?? null,
    reachable: r.reachable === null || r.reachable === undefined ? null : Number(r.reachable) === 1,
  };
}

const SCAN_COLUMNS = 'id, url, status, created_at, started_at, finished_at, error, score, tier, reachable';

export class ScanStore {
  readonly db: DatabaseSync;
  /** scans found queued or running at open, now marked failed */
  readonly recovered: string[];
  private closed = false;

  constructor(dataDir: string) {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = path.join(dataDir, 'agentready.sqlite');
    }
    this.db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.migrate();
    this.recovered = this.failUnfinished(RESTART_REASON);
  }

  get schemaVersion(): number {
    return Number((this.db.prepare('PRAGMA user_version').get() as Row).user_version);
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > MIGRATIONS.length) {
      throw new Error(`the database schema (version ${current}) is newer than this agentready understands (${MIGRATIONS.length}); upgrade agentready`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.tx(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  private tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** At start: whatever was queued or running belonged to a server that is gone. */
  private failUnfinished(reason: string): string[] {
    return this.tx(() => {
      const ids = (this.db.prepare(`SELECT id FROM scans WHERE status IN ('queued', 'running')`).all() as Row[]).map((r) => String(r.id));
      const now = new Date().toISOString();
      for (const id of ids) {
        this.db.prepare(`UPDATE scans SET status = 'failed', error = ?, finished_at = ? WHERE id = ?`).run(reason, now, id);
        this.appendEventUnlocked(id, 'status', { status: 'failed', error: reason, final: true });
      }
      return ids;
    });
  }

  get isClosed(): boolean { return this.closed; }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  createScan(id: string, url: string): ScanRow {
    const now = new Date().toISOString();
    this.tx(() => {
      this.db.prepare(`INSERT INTO scans (id, url, status, created_at) VALUES (?, ?, 'queued', ?)`).run(id, url, now);
      this.appendEventUnlocked(id, 'status', { status: 'queued' });
    });
    return this.getScan(id)!;
  }

  getScan(id: string): ScanRow | undefined {
    const r = this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ?`).get(id) as Row | undefined;
    return r ? toScan(r) : undefined;
  }

  markRunning(id: string): StoredEvent {
    return this.tx(() => {
      this.db.prepare(`UPDATE scans SET status = 'running', started_at = ? WHERE id = ?`).run(new Date().toISOString(), id);
      return this.appendEventUnlocked(id, 'status', { status: 'running' });
    });
  }

  markDone(id: string, result: Result, evidence: Evidence): StoredEvent {
    const evidenceBlob = gzipSync(Buffer.from(JSON.stringify(evidence), 'utf8'));
    return this.tx(() => {
      this.db.prepare(`UPDATE scans SET status = 'done', finished_at = ?, score = ?, tier = ?, reachable = ? WHERE id = ?`)
        .run(new Date().toISOString(), result.scores.overall, result.tier, result.reachable ? 1 : 0, id);
      this.db.prepare(`INSERT OR REPLACE INTO scan_results (scan_id, result, evidence) VALUES (?, ?, ?)`).run(id, JSON.stringify(result), evidenceBlob);
      return this.appendEventUnlocked(id, 'status', {
        status: 'done', final: true, score: result.scores.overall, tier: result.tier,
      });
    });
  }

  markFailed(id: string, error: string): StoredEvent {
    return this.tx(() => {
      this.db.prepare(`UPDATE scans SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(new Date().toISOString(), error, id);
      return this.appendEventUnlocked(id, 'status', { status: 'failed', error, final: true });
    });
  }

  appendEvent(id: string, type: StoredEvent['type'], data: Record<string, unknown>): StoredEvent {
    return this.tx(() => this.appendEventUnlocked(id, type, data));
  }

  private appendEventUnlocked(id: string, type: StoredEvent['type'], data: Record<string, unknown>): StoredEvent {
    const last = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM scan_events WHERE scan_id = ?').get(id) as Row;
    const seq = Number(last.n) + 1;
    this.db.prepare('INSERT INTO scan_events (scan_id, seq, type, data) VALUES (?, ?, ?, ?)').run(id, seq, type, JSON.stringify(data));
    return { seq, type, data };
  }

  /** Events with seq > after, in order. */
  eventsAfter(id: string, after: number): StoredEvent[] {
    return (this.db.prepare('SELECT seq, type, data FROM scan_events WHERE scan_id = ? AND seq > ? ORDER BY seq').all(id, after) as Row[])
      .map((r) => ({ seq: Number(r.seq), type: r.type as StoredEvent['type'], data: JSON.parse(String(r.data)) as Record<string, unknown> }));
  }

  getResult(id: string): Result | undefined {
    const r = this.db.prepare('SELECT result FROM scan_results WHERE scan_id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(String(r.result)) as Result) : undefined;
  }

  getEvidence(id: string): Evidence | undefined {
    const r = this.db.prepare('SELECT evidence FROM scan_results WHERE scan_id = ?').get(id) as Row | undefined;
    if (!r || !(r.evidence instanceof Uint8Array)) return undefined;
    return JSON.parse(gunzipSync(r.evidence).toString('utf8')) as Evidence;
  }

  recent(limit: number): ScanRow[] {
    return (this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as Row[]).map(toScan);
  }

  /** Every scan of one URL, newest first. */
  history(url: string, limit: number): ScanRow[] {
    return (this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE url = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(url, limit) as Row[]).map(toScan);
  }

  latestDone(url: string): ScanRow | undefined {
    const r = this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE url = ? AND status = 'done' ORDER BY finished_at DESC, rowid DESC LIMIT 1`).get(url) as Row | undefined;
    return r ? toScan(r) : undefined;
  }

  countByStatus(): Record<ScanStatus, number> {
    const out: Record<ScanStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM scans GROUP BY status').all() as Row[]) out[r.status as ScanStatus] = Number(r.n);
    return out;
  }
}
