// --shard i/n: each URL belongs to one shard, decided by a hash of its normalised URL alone,
// so adding or removing URLs never moves the others. Jump consistent hashing (Lamping &
// Veach, 2014) also keeps most URLs in place when n changes (only ~1/n of them move).
import { createHash } from 'node:crypto';
import { UsageError } from '../contract/errors.ts';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

export function parseShard(raw: string): Shard {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard "${raw}" must be i/n with 1 ≤ i ≤ n ≤ 9999 (e.g. --shard 2/3)`);
  return { index, count };
}

/** The 1-based shard a URL belongs to among `count`. */
export function shardOf(url: string, count: number): number {
  const digest = createHash('sha256').update(url, 'utf8').digest();
  return jumpHash(digest.readBigUInt64BE(0), count) + 1;
}

export function inShard(url: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(url, shard.count) === shard.index;
}

const MASK64 = (1n << 64n) - 1n;

/** Jump consistent hash: a 64-bit key → a bucket in [0, buckets). */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & MASK64;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK64;
    j = Math.floor(((b + 1) * 2 ** 31) / (Number(k >> 33n) + 1));
  }
  return b;
}
