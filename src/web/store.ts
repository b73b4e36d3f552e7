// Where the web form keeps its scans: one SQLite file (node:sqlite, no native addon) in
// WAL mode. Scans, their progress events, results and evidence survive a restart; a scan
// that was queued or running when the server died is marked failed, with the reason,
// the next time the store opens — never lost silently. User-supplied request headers are
// never stored (they live only in the in-memory job while the scan runs). A scan is either
// listed (on the home page, the history and the URL badge) or unlisted (reachable only by
// its unguessable id). Retention: `purge` deletes the oldest finished scans by age and by
// database size, and gives the space back to the file system (incremental vacuum).
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Evidence } from '../contract/evidence.ts';
import type { Result, Tier } from '../contract/result.ts';

export type ScanStatus = 'queued' | 'running' | 'done' | 'failed';
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
  /** shown on the home page, the history and the URL badge; unlisted scans only by id */
  listed: boolean;
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
  // 2: unlisted scans; heavy downloads kept gzip-compressed as served (the HTML report
  // rendered once, the evidence as its served JSON) so a request costs no rendering
  `ALTER TABLE scans ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;
   CREATE INDEX scans_listed_by_created ON scans (created_at) WHERE listed = 1;
   CREATE INDEX scans_listed_by_url ON scans (url, created_at) WHERE listed = 1;
   ALTER TABLE scan_results ADD COLUMN report_html BLOB;
   ALTER TABLE scan_results ADD COLUMN report_csp TEXT;
   ALTER TABLE scan_results ADD COLUMN evidence_served INTEGER NOT NULL DEFAULT 0;`,
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
    listed: Number(r.listed) === 1,
  };
}

const SCAN_COLUMNS = 'id, url, status, created_at, started_at, finished_at, error, score, tier, reachable, listed';

export interface StoreOptions {
  /** the clock (tests move it); default Date.now */
  now?: () => number;
}

/** What a purge removed. */
export interface PurgeReport {
  byAge: number;
  bySize: number;
  /** database bytes in use before and after (pages holding data) */
  bytesBefore: number;
  bytesAfter: number;
  /** the database file's size after the vacuum */
  fileBytes: number;
}

/** The stored gzip bytes of a heavy download. */
export interface StoredDownload { gzip: Uint8Array; csp?: string }

export class ScanStore {
  readonly db: DatabaseSync;
  /** scans found queued or running at open, now marked failed */
  readonly recovered: string[];
  private closed = false;
  readonly file: string;
  private readonly now: () => number;

  constructor(dataDir: string, options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = path.join(dataDir, 'agentready.sqlite');
    }
    this.file = file;
    this.db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
    // incremental vacuum lets a purge hand freed pages back to the file system; it takes
    // effect for a new file here, and for an older one at the first purge's VACUUM
    this.db.exec('PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
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
  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private failUnfinished(reason: string): string[] {
    return this.tx(() => {
      const ids = (this.db.prepare(`SELECT id FROM scans WHERE status IN ('queued', 'running')`).all() as Row[]).map((r) => String(r.id));
      const now = this.iso();
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

  createScan(id: string, url: string, listed = true): ScanRow {
    const now = this.iso();
    this.tx(() => {
      this.db.prepare(`INSERT INTO scans (id, url, status, created_at, listed) VALUES (?, ?, 'queued', ?, ?)`).run(id, url, now, listed ? 1 : 0);
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
      this.db.prepare(`UPDATE scans SET status = 'running', started_at = ? WHERE id = ?`).run(this.iso(), id);
      return this.appendEventUnlocked(id, 'status', { status: 'running' });
    });
  }

  /** `evidenceJson` is the evidence as served (renderEvidenceJson), kept gzip-compressed. */
  markDone(id: string, result: Result, evidenceJson: string): StoredEvent {
    const evidenceBlob = gzipSync(Buffer.from(evidenceJson, 'utf8'));
    return this.tx(() => {
      this.db.prepare(`UPDATE scans SET status = 'done', finished_at = ?, score = ?, tier = ?, reachable = ? WHERE id = ?`)
        .run(this.iso(), result.scores.overall, result.tier, result.reachable ? 1 : 0, id);
      this.db.prepare(`INSERT OR REPLACE INTO scan_results (scan_id, result, evidence, evidence_served) VALUES (?, ?, ?, 1)`).run(id, JSON.stringify(result), evidenceBlob);
      return this.appendEventUnlocked(id, 'status', {
        status: 'done', final: true, score: result.scores.overall, tier: result.tier,
      });
    });
  }

  markFailed(id: string, error: string): StoredEvent {
    return this.tx(() => {
      this.db.prepare(`UPDATE scans SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(this.iso(), error, id);
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

  /**
   * The evidence as served, gzip-compressed. Rows written before evidence was kept that way
   * are converted once, on first read.
   */
  getEvidenceDownload(id: string, render: (evidence: Evidence) => string): StoredDownload | undefined {
    const r = this.db.prepare('SELECT evidence, evidence_served FROM scan_results WHERE scan_id = ?').get(id) as Row | undefined;
    if (!r || !(r.evidence instanceof Uint8Array)) return undefined;
    if (Number(r.evidence_served) === 1) return { gzip: r.evidence };
    const gzip = gzipSync(Buffer.from(render(JSON.parse(gunzipSync(r.evidence).toString('utf8')) as Evidence), 'utf8'));
    this.db.prepare('UPDATE scan_results SET evidence = ?, evidence_served = 1 WHERE scan_id = ?').run(gzip, id);
    return { gzip };
  }

  /** The finished HTML report, gzip-compressed, and its CSP (absent until first rendered). */
  getReportHtml(id: string): StoredDownload | undefined {
    const r = this.db.prepare('SELECT report_html, report_csp FROM scan_results WHERE scan_id = ?').get(id) as Row | undefined;
    if (!r || !(r.report_html instanceof Uint8Array)) return undefined;
    return { gzip: r.report_html, csp: String(r.report_csp) };
  }

  saveReportHtml(id: string, html: string, csp: string): StoredDownload {
    const gzip = gzipSync(Buffer.from(html, 'utf8'));
    this.db.prepare('UPDATE scan_results SET report_html = ?, report_csp = ? WHERE scan_id = ?').run(gzip, csp, id);
    return { gzip, csp };
  }

  /** The newest listed scans. */
  recent(limit: number): ScanRow[] {
    return (this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE listed = 1 ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as Row[]).map(toScan);
  }

  /** Every listed scan of one URL, newest first. */
  history(url: string, limit: number): ScanRow[] {
    return (this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE url = ? AND listed = 1 ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(url, limit) as Row[]).map(toScan);
  }

  /** The newest finished listed scan of one URL (the URL badge). */
  latestDone(url: string): ScanRow | undefined {
    const r = this.db.prepare(`SELECT ${SCAN_COLUMNS} FROM scans WHERE url = ? AND status = 'done' AND listed = 1 ORDER BY finished_at DESC, rowid DESC LIMIT 1`).get(url) as Row | undefined;
    return r ? toScan(r) : undefined;
  }

  /** Bytes of the database in use (pages holding data, not the free list). */
  usedBytes(): number {
    const pragma = (name: string) => Number(Object.values(this.db.prepare(`PRAGMA ${name}`).get() as Row)[0]);
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  /**
   * Retention: delete finished scans created more than `maxAgeMs` ago, then the oldest
   * finished scans until the data in use fits `maxBytes`; then hand the freed pages back to
   * the file system. Queued and running scans are never purged. 0 turns a limit off.
   */
  purge(limits: { maxAgeMs: number; maxBytes: number }): PurgeReport {
    const bytesBefore = this.usedBytes();
    let byAge = 0;
    if (limits.maxAgeMs > 0) {
      const cutoff = new Date(this.now() - limits.maxAgeMs).toISOString();
      byAge = Number(this.tx(() => this.db.prepare(`DELETE FROM scans WHERE created_at < ? AND status IN ('done', 'failed')`).run(cutoff)).changes);
    }
    let bySize = 0;
    if (limits.maxBytes > 0) {
      while (this.usedBytes() > limits.maxBytes) {
        // oldest first, in batches: each batch frees pages the next measurement sees
        const n = Number(this.tx(() => this.db.prepare(`DELETE FROM scans WHERE id IN (
          SELECT id FROM scans WHERE status IN ('done', 'failed') ORDER BY created_at, rowid LIMIT 20)`).run()).changes);
        if (n === 0) break;
        bySize += n;
      }
    }
    if (byAge + bySize > 0) this.reclaim();
    return { byAge, bySize, bytesBefore, bytesAfter: this.usedBytes(), fileBytes: this.fileBytes() };
  }

  private reclaim(): void {
    const mode = Number(Object.values(this.db.prepare('PRAGMA auto_vacuum').get() as Row)[0]);
    // a database created before incremental vacuum was set: one full VACUUM converts it
    if (mode !== 2) this.db.exec('PRAGMA auto_vacuum = INCREMENTAL; VACUUM;');
    else this.db.exec('PRAGMA incremental_vacuum;');
    if (this.file !== ':memory:') this.db.exec('PRAGMA wal_checkpoint(TRUNCATE);');
  }

  fileBytes(): number {
    if (this.file === ':memory:') return this.usedBytes();
    try { return statSync(this.file).size; } catch { return 0; }
  }

  countByStatus(): Record<ScanStatus, number> {
    const out: Record<ScanStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM scans GROUP BY status').all() as Row[]) out[r.status as ScanStatus] = Number(r.n);
    return out;
  }
}
