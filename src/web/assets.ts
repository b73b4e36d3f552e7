// The web form's stylesheet and its one script, served from /assets/ under a CSP that
// allows only same-origin styles and scripts (no inline code on our own pages). Kept as
// string constants so the published package needs no extra files.

export const WEB_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --bg: #fff; --card: #f6f8fa; --line: #d1d9e0; --accent: #0969da; --bad: #cf222e; --good: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --line: #3d444d; --accent: #4493f8; --bad: #f85149; --good: #3fb950; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
.wrap { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 10; }
header.site { border-bottom: 1px solid var(--line); padding: .75rem 0; }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
main { padding: 1.5rem 0 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
form.scan { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
label:first-child { margin-top: 0; }
input[type=url], textarea { width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
textarea { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; min-height: 5rem; }
[aria-invalid=true] { border-color: var(--bad); }
.hint { color: var(--muted); font-size: .875rem; margin: .25rem 0 0; }
.error { color: var(--bad); font-weight: 600; margin: .25rem 0 0; }
p.check { margin: .75rem 0 0; display: flex; gap: .5rem; align-items: baseline; }
p.check label { display: inline; margin: 0; }
button { margin-top: 1rem; font: inherit; font-weight: 600; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.url { overflow-wrap: anywhere; }
.status-done { color: var(--good); }
.status-failed { color: var(--bad); }
.status-queued, .status-running { color: var(--muted); }
ol.probes { list-style: none; padding: 0; columns: 2 14rem; }
ol.probes li { padding: .15rem 0; }
ol.probes li::before { content: "○ "; color: var(--muted); }
ol.probes li.running::before { content: "◔ "; color: var(--accent); }
ol.probes li.done::before { content: "● "; color: var(--good); }
.notice { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--accent); padding: .75rem 1rem; border-radius: 6px; }
.notice.bad { border-left-color: var(--bad); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
pre { background: var(--card); border: 1px solid var(--line); padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
svg.spark { display: block; max-width: 100%; height: auto; margin: .5rem 0 1rem; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: 1rem 0 2rem; }
footer.site .warn { color: var(--bad); font-weight: 600; }
nav.formats a { margin-right: .75rem; }
`;

/**
 * Live progress over SSE (the page refreshes itself without JavaScript instead). Builds
 * every node with textContent: nothing from the stream is ever parsed as HTML.
 */
export const PROGRESS_JS = `(() => {
  'use strict';
  const live = document.getElementById('live');
  if (!live) return;
  const reload = (ms) => setTimeout(() => location.reload(), ms);
  if (!('EventSource' in window)) { reload(2000); return; }
  const list = document.getElementById('probes');
  const status = document.getElementById('status');
  const rows = new Map();
  for (const li of list.querySelectorAll('li[data-probe]')) rows.set(li.getAttribute('data-probe'), li);
  const es = new EventSource(live.getAttribute('data-events'));
  live.setAttribute('data-stream', 'connecting');
  es.addEventListener('open', () => live.setAttribute('data-stream', 'open'));
  es.addEventListener('progress', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    if (typeof d.probe !== 'string') return;
    let li = rows.get(d.probe);
    if (!li) {
      li = document.createElement('li');
      li.setAttribute('data-probe', d.probe);
      list.appendChild(li);
      rows.set(d.probe, li);
    }
    const done = d.phase === 'done';
    li.className = done ? 'done' : 'running';
    li.textContent = d.probe + (done ? ' — done' : ' — running');
  });
  es.addEventListener('status', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    if (typeof d.status === 'string') {
      status.textContent = d.status === 'running' ? 'Running' : d.status === 'queued' ? 'Queued' : d.status === 'done' ? 'Done — loading the report…' : 'Failed';
      live.setAttribute('data-status', d.status);
    }
    if (d.final) { es.close(); reload(100); }
  });
  es.addEventListener('error', () => {
    // 204 (nothing more to send) or a network failure that EventSource gave up on
    if (es.readyState === EventSource.CLOSED) reload(2000);
  });
})();
`;
