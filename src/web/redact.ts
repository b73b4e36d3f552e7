// Query strings often carry credentials (`/mcp?api_key=…`). What the web form stores and
// shows has every query value replaced by [redacted] — the row's URL, the result and the
// evidence — unless the operator keeps them; the scan itself runs with the real URL.

export const REDACTED = '[redacted]';

/** The URL as stored and shown: each query value replaced by [redacted] (names kept). */
export function redactQuery(url: URL): string {
  if (url.search === '' || url.search === '?') return url.href;
  const pairs = url.search.slice(1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    return eq === pair.length - 1 ? pair : `${pair.slice(0, eq + 1)}${REDACTED}`;
  });
  const copy = new URL(url.href);
  copy.search = '';
  return `${copy.href}?${pairs.join('&')}`;
}

/** Shorter bare values are left alone elsewhere in the text (`?v=1` must not shred a report). */
const MIN_BARE_VALUE = 6;

/**
 * A function that removes this URL's query values from any text (JSON of a result or
 * evidence): every `name=value` becomes `name=[redacted]`, and values of 6+ characters are
 * also replaced wherever else they appear (a server echoing them back), in the forms JSON
 * and URLs store them in.
 */
export function queryScrubber(url: URL): (text: string) => string {
  const pairs: [string, string][] = [];
  const bare = new Set<string>();
  for (const pair of url.search.slice(1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) continue;
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    let decoded = raw;
    try { decoded = decodeURIComponent(raw.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    for (const value of new Set([raw, decoded])) {
      pairs.push([name, value]);
      if (value.length >= MIN_BARE_VALUE) {
        bare.add(value);
        bare.add(JSON.stringify(value).slice(1, -1));
        bare.add(encodeURIComponent(value));
      }
    }
  }
  if (pairs.length === 0) return (text) => text;
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byLength = (a: string, b: string) => b.length - a.length;
  const pairForms = new Map<string, string>();
  for (const [name, value] of pairs) {
    pairForms.set(`${name}=${value}`, `${name}=${REDACTED}`);
    pairForms.set(JSON.stringify(`${name}=${value}`).slice(1, -1), `${name}=${REDACTED}`);
  }
  // a whole query pair: after ? or & and up to the end of its value (v=1 is not v=10)
  const pairRe = new RegExp(`(?<=[?&])(?:${[...pairForms.keys()].sort(byLength).map(escapeRegExp).join('|')})(?![^&#"'\\s\\\\])`, 'g');
  const bareRe = bare.size ? new RegExp([...bare].filter(Boolean).sort(byLength).map(escapeRegExp).join('|'), 'g') : undefined;
  return (text) => {
    const out = text.replace(pairRe, (m) => pairForms.get(m) ?? m);
    return bareRe ? out.replace(bareRe, REDACTED) : out;
  };
}
