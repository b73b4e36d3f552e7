// RFC 9110 §11.6.1 challenge parsing, enough for `Bearer k="v", k2=token` (RFC 6750, RFC 9728 §5.1).
import { setOwn } from './setOwn.ts';

export interface Challenge { scheme: string; params: Record<string, string> }

const MAX_INPUT = 8192;

/** Challenges in order; a parameter repeated within a challenge keeps its first value. Pure: probes and rules share it. */
export function parseWwwAuthenticate(header: string | undefined): Challenge[] {
  if (typeof header !== 'string') return [];
  const s = header.slice(0, MAX_INPUT);
  const out: Challenge[] = [];
  let i = 0;
  const skipWs = () => { while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++; };
  const token = () => { const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(s.slice(i)); if (!m) return ''; i += m[0].length; return m[0]; };
  while (i < s.length && out.length < 10) {
    skipWs();
    const scheme = token();
    if (!scheme) { i++; continue; }
    const ch: Challenge = { scheme, params: {} };
    out.push(ch);
    // auth-params until the next scheme (a token not followed by '=')
    for (;;) {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++;
      const save = i;
      const name = token();
      if (!name) break;
      let j = i;
      while (s[j] === ' ' || s[j] === '\t') j++;
      if (s[j] !== '=') { i = save; break; } // next challenge (or token68 we don't need)
      i = j + 1;
      while (s[i] === ' ' || s[i] === '\t') i++;
      let value = '';
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') { if (s[i] === '\\' && i + 1 < s.length) i++; value += s[i]; i++; }
        i++;
      } else {
        value = token();
        // token68 padding like "abc=="
        while (s[i] === '=') { value += '='; i++; }
      }
      const key = name.toLowerCase();
      // hasOwn: `constructor` would otherwise read as already present
      if (!Object.hasOwn(ch.params, key) && Object.keys(ch.params).length < 30) {
        setOwn(ch.params, key, value.slice(0, 2048));
      }
    }
  }
  return out;
}
