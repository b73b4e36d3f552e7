// Stable, filesystem-safe folder names for endpoints: readable (host, port, path) and
// unique (a short hash of the normalised URL), the same on every OS and every run.
import { createHash } from 'node:crypto';

/** Longest readable part of a folder name, before the hash. */
const SLUG_MAX = 60;

export function urlHash(url: string, length = 10): string {
  return createHash('sha256').update(url, 'utf8').digest('hex').slice(0, length);
}

/**
 * `https://api.example.com:8443/v1/MCP?x=1` → `api.example.com-8443-v1-mcp-x-1-3f2a9c01be`.
 * Only [a-z0-9.-]: safe on case-insensitive file systems, in URLs and in shells; never
 * starts with a dot; the hash keeps names unique whatever the slug had to drop.
 */
export function endpointDirName(url: string): string {
  const u = new URL(url);
  const readable = `${u.hostname}${u.port ? `-${u.port}` : ''}${u.pathname}${u.search}`;
  const slug = readable
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/[-.]+$/, '');
  return `${slug || 'endpoint'}-${urlHash(url)}`;
}
