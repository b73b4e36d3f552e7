// README badges in the shields.io "flat" style: "agent-ready | 92 platinum", coloured by
// tier. Every piece of text is XML-escaped; widths come from Verdana 11px advance widths
// (what shields uses), approximated per character class.
import type { Tier } from '../contract/result.ts';
import type { ScanRow } from './store.ts';

export const TIER_COLOURS: Record<Tier, string> = {
  platinum: '#4c1',
  gold: '#97ca00',
  silver: '#dfb317',
  bronze: '#fe7d37',
  'not-ready': '#e05d44',
  unrated: '#9f9f9f',
};
const GREY = '#9f9f9f';
const LABEL_BG = '#555';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Approximate Verdana 11px width of a string, in px. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if ('iIl.,:;|!\''.includes(ch)) w += 3.7;
    else if ('fjrt()[] -'.includes(ch)) w += 4.6;
    else if ('mwMW'.includes(ch)) w += 10.7;
    else if (/[A-Z0-9#%&@]/.test(ch)) w += 7.6;
    else w += 6.7;
  }
  return Math.ceil(w);
}

export function renderBadge(label: string, message: string, colour: string): string {
  const lw = textWidth(label) + 10;
  const mw = textWidth(message) + 10;
  const w = lw + mw;
  const l = escapeXml(label);
  const m = escapeXml(message);
  const c = /^#[0-9a-f]{3,6}$/i.test(colour) ? colour : GREY;
  // text is drawn at 10x and scaled down, as shields does, for crisp hinting
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${m}">` +
    `<title>${l}: ${m}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="${LABEL_BG}"/><rect x="${lw}" width="${mw}" height="20" fill="${c}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">` +
    `<text aria-hidden="true" x="${lw * 5}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">${l}</text>` +
    `<text x="${lw * 5}" y="140" transform="scale(.1)">${l}</text>` +
    `<text aria-hidden="true" x="${(lw + mw / 2) * 10}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">${m}</text>` +
    `<text x="${(lw + mw / 2) * 10}" y="140" transform="scale(.1)">${m}</text>` +
    `</g></svg>`;
}

export const BADGE_LABEL = 'agent-ready';

/** The message and colour for a scan in any state (or no scan at all). */
export function badgeFor(scan: ScanRow | undefined): { message: string; colour: string } {
  if (!scan) return { message: 'not scanned', colour: GREY };
  if (scan.status === 'queued' || scan.status === 'running') return { message: 'scanning…', colour: GREY };
  if (scan.status === 'failed') return { message: 'scan failed', colour: GREY };
  if (scan.reachable === false) return { message: 'unreachable', colour: TIER_COLOURS['not-ready'] };
  const tier = scan.tier ?? 'not-ready';
  const tierText = tier === 'not-ready' ? 'not ready' : tier;
  if (tier === 'unrated' || scan.score === null) return { message: tierText, colour: TIER_COLOURS[tier] ?? GREY };
  return { message: `${scan.score} ${tierText}`, colour: TIER_COLOURS[tier] ?? GREY };
}
