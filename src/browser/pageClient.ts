// What a browser MCP client does, as functions that run *inside* the page (page.evaluate).
// Each function must be self-contained: Playwright sends its source text to the page, so it
// may not use imports, module-level values or helpers defined outside its own body.
//
// They never throw: every failure is reported in the result, the way a client would see it
// (a rejected fetch is a TypeError whose text says nothing about why — the browser's reason
// is in the console and the network log, which the node side reads).

export interface PageFetchSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** the whole step, fetch and reading */
  timeoutMs: number;
  /**
   * rpc: read until the JSON-RPC response with `rpcId` (JSON or SSE body), or the end;
   * json: a JSON document (metadata); stream: headers, then the first chunk within firstChunkMs;
   * none: status and headers only (the body is drained quietly).
   */
  read: 'rpc' | 'json' | 'stream' | 'none';
  rpcId?: number | string;
  firstChunkMs?: number;
  /** response headers script tries to read (null in the result when not readable) */
  readHeaders: string[];
}

export interface PageFetchResult {
  /** fetch() resolved with a Response */
  responded: boolean;
  /** the rejection text (e.g. "TypeError: Failed to fetch") */
  error?: string;
  /** which part ran out of time */
  timedOut?: 'response' | 'body' | 'first-chunk';
  status?: number;
  responseType?: string;
  redirected?: boolean;
  /** the URL the response came from (after redirects) */
  finalUrl?: string;
  headers: Record<string, string | null>;
  contentType?: string | null;
  /** bounded excerpt of the body text */
  body?: string;
  /** rpc: the response with our id arrived and what it said */
  rpc?: { answered: boolean; result?: unknown; error?: { code?: unknown; message?: unknown } };
  /** json: the parsed document (bounded), or why it did not parse */
  json?: unknown;
  jsonError?: string;
  /** stream: the first bytes read, or nothing within firstChunkMs */
  firstChunk?: string;
  ms: number;
}

export async function pageFetch(spec: PageFetchSpec): Promise<PageFetchResult> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const out: PageFetchResult = { responded: false, headers: {}, ms: 0 };
  const ctl = new AbortController();
  let phase: 'response' | 'body' | 'first-chunk' = 'response';
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, spec.timeoutMs);
  const MAX_TEXT = 65536;
  /** stop reading any body after this many bytes (a hostile server must not fill the renderer) */
  const MAX_BYTES = 4 * 1024 * 1024;
  const parseMessages = (text: string): unknown[] => {
    const t = text.trim();
    if (!t) return [];
    try {
      const v = JSON.parse(t);
      return Array.isArray(v) ? v : [v];
    } catch {
      return [];
    }
  };
  const findAnswer = (msgs: unknown[]) => {
    for (const m of msgs) {
      if (typeof m !== 'object' || m === null) continue;
      const o = m as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
      if (spec.rpcId !== undefined && o.id === spec.rpcId && ('result' in o || 'error' in o)) {
        let result = o.result;
        try { if (JSON.stringify(result).length > 16384) result = { truncated: true }; } catch { result = undefined; }
        out.rpc = { answered: true, ...('result' in o ? { result } : {}), ...(o.error ? { error: { code: o.error.code, message: o.error.message } } : {}) };
        return true;
      }
    }
    return false;
  };
  try {
    const res = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      signal: ctl.signal,
      cache: 'no-store',
    });
    out.responded = true;
    out.status = res.status;
    out.responseType = res.type;
    out.redirected = res.redirected;
    out.finalUrl = res.url;
    out.contentType = res.headers.get('content-type');
    for (const h of spec.readHeaders) out.headers[h] = res.headers.get(h);
    phase = spec.read === 'stream' ? 'first-chunk' : 'body';
    if (!res.body) {
      // nothing to read
    } else if (spec.read === 'stream') {
      const reader = res.body.getReader();
      let chunkTimer: ReturnType<typeof setTimeout> | undefined;
      const first = await Promise.race([
        reader.read().then((r) => (r.done ? '' : new TextDecoder().decode(r.value))),
        new Promise<undefined>((resolve) => { chunkTimer = setTimeout(() => resolve(undefined), spec.firstChunkMs ?? 1500); }),
      ]);
      clearTimeout(chunkTimer);
      if (first === undefined) out.timedOut = 'first-chunk';
      else out.firstChunk = first.slice(0, 300);
      reader.cancel().catch(() => {});
    } else {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const sse = (out.contentType ?? '').toLowerCase().includes('text/event-stream');
      let text = '';
      let pending = '';
      let bytes = 0;
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        bytes += r.value.byteLength;
        if (bytes > MAX_BYTES) { reader.cancel().catch(() => {}); break; }
        const chunk = decoder.decode(r.value, { stream: true });
        if (text.length < MAX_TEXT) text += chunk;
        if (sse && spec.read === 'rpc') {
          pending += chunk;
          const blocks = pending.replace(/\r\n?/g, '\n').split('\n\n');
          pending = blocks.pop() ?? '';
          let done = false;
          for (const b of blocks) {
            const data = b.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
            if (data && findAnswer(parseMessages(data))) { done = true; break; }
          }
          if (done) { reader.cancel().catch(() => {}); break; }
        }
        if (text.length >= MAX_TEXT && !sse) { reader.cancel().catch(() => {}); break; }
      }
      out.body = text.slice(0, 2000);
      if (spec.read === 'rpc' && !sse) findAnswer(parseMessages(text));
      if (spec.read === 'rpc' && !out.rpc) out.rpc = { answered: false };
      if (spec.read === 'json') {
        try {
          const v = JSON.parse(text);
          const s = JSON.stringify(v);
          out.json = s.length <= MAX_TEXT ? v : undefined;
          if (s.length > MAX_TEXT) out.jsonError = 'document too large';
        } catch (e) {
          out.jsonError = String(e).slice(0, 200);
        }
      }
    }
  } catch (e) {
    if (timedOut) out.timedOut = phase;
    else out.error = String(e).slice(0, 300);
    if (timedOut && !out.responded) out.error = 'timed out';
  } finally {
    clearTimeout(timer);
  }
  if (timedOut && !out.timedOut) out.timedOut = phase;
  out.ms = ms();
  return out;
}

export interface PageLegacySpec {
  /** the SSE URL (GET) of a 2024-11-05 endpoint */
  sseUrl: string;
  timeoutMs: number;
  /** after the endpoint event: POST this initialize body there and wait for its `message` */
  initialize?: { body: string; rpcId: number; headers: Record<string, string> };
}

export interface PageLegacyResult {
  opened: boolean;
  /** EventSource readyState when it failed (0 connecting, 2 closed) */
  errorState?: number;
  endpoint?: string;
  /** the endpoint resolved against the SSE URL */
  endpointUrl?: string;
  post?: { responded: boolean; status?: number; error?: string };
  /** the initialize response arrived as a `message` event */
  answered?: boolean;
  timedOut?: 'open' | 'endpoint' | 'post' | 'message';
  ms: number;
}

export function pageLegacy(spec: PageLegacySpec): Promise<PageLegacyResult> {
  const t0 = performance.now();
  return new Promise<PageLegacyResult>((resolve) => {
    const out: PageLegacyResult = { opened: false, ms: 0 };
    let phase: 'open' | 'endpoint' | 'post' | 'message' = 'open';
    let es: EventSource | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try { es?.close(); } catch { /* closed */ }
      out.ms = Math.round(performance.now() - t0);
      resolve(out);
    };
    const timer = setTimeout(() => { out.timedOut = phase; finish(); }, spec.timeoutMs);
    try {
      es = new EventSource(spec.sseUrl);
    } catch {
      out.errorState = -1;
      finish();
      return;
    }
    es.onopen = () => { out.opened = true; if (phase === 'open') phase = 'endpoint'; };
    es.onerror = () => { out.errorState = es?.readyState; finish(); };
    es.addEventListener('endpoint', (ev) => {
      const data = String((ev as MessageEvent).data ?? '');
      out.endpoint = data.slice(0, 300);
      try { out.endpointUrl = new URL(data, spec.sseUrl).href; } catch { finish(); return; }
      if (!spec.initialize) { finish(); return; }
      phase = 'post';
      const init = spec.initialize;
      fetch(out.endpointUrl, { method: 'POST', headers: init.headers, body: init.body, cache: 'no-store' })
        .then((r) => { out.post = { responded: true, status: r.status }; phase = 'message'; if (r.status >= 400) finish(); })
        .catch((e) => { out.post = { responded: false, error: String(e).slice(0, 300) }; finish(); });
    });
    es.addEventListener('message', (ev) => {
      try {
        const m = JSON.parse(String((ev as MessageEvent).data));
        if (m && m.id === spec.initialize?.rpcId && ('result' in m || 'error' in m)) { out.answered = true; finish(); }
      } catch { /* not ours */ }
    });
  });
}
