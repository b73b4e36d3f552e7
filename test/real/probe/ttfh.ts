// Time to response headers (fetch resolves when the status line + headers arrive), then
// time to first body byte. node ttfh.ts URL 'Header: v' ...   (GET, Accept: text/event-stream)
const [url, ...hdrs] = process.argv.slice(2);
const headers: Record<string, string> = { Accept: 'text/event-stream' };
for (const h of hdrs) {
  const i = h.indexOf(':');
  headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
}
const t0 = performance.now();
const ac = new AbortController();
const stop = setTimeout(() => ac.abort(), Number(process.env.WATCH_MS ?? 20000));
try {
  const res = await fetch(url!, { headers, signal: ac.signal });
  console.log(`headers after ${(performance.now() - t0).toFixed(0)} ms: ${res.status} ${res.headers.get('content-type')} x-accel-buffering=${res.headers.get('x-accel-buffering')}`);
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { console.log(`stream ended after ${(performance.now() - t0).toFixed(0)} ms`); break; }
    console.log(`${(performance.now() - t0).toFixed(0).padStart(6)} ms chunk ${JSON.stringify(new TextDecoder().decode(value)).slice(0, 120)}`);
  }
} catch (e) {
  console.log(`ended after ${(performance.now() - t0).toFixed(0)} ms: ${(e as Error).name}`);
}
clearTimeout(stop);
