// Fix advice that fits what sits in front of the server. An MCP stream that works on the
// laptop often dies behind a proxy: the proxy buffers `text/event-stream` (events arrive
// in lumps or only at the end) or cuts a stream that was silent for longer than its idle
// timeout. The rule says what is wrong; these snippets say how to change it on the proxy
// or CDN that `frontOf(fingerprint)` recognised. Data only: the HTML report shows them.
import type { Front } from '../src/contract/result.ts';

export type FixTopic = 'buffering' | 'keepalive';

export interface FixSnippet {
  /** heading, e.g. "nginx: stream without buffering" */
  title: string;
  /** the config or code language, for the reader */
  language: string;
  code: string;
  /** one or two sentences: why this and what else to check */
  note: string;
}

export const FRONT_LABELS: Record<Front, string> = {
  nginx: 'nginx', caddy: 'Caddy', cloudflare: 'Cloudflare', 'aws-alb': 'AWS Application Load Balancer',
  apache: 'Apache httpd', envoy: 'Envoy', vercel: 'Vercel', fly: 'Fly.io', unknown: 'an unrecognised front',
};

/**
 * Which topic a rule is about, from its id. Rule ids are stable (they appear in configs
 * and SARIF), so matching on them is safe: anything about buffering, or about keep-alive
 * comments / idle cut-offs on a stream.
 */
export function topicOfRule(ruleId: string): FixTopic | undefined {
  if (/buffer/i.test(ruleId)) return 'buffering';
  if (/keep-?alive|idle|heartbeat/i.test(ruleId)) return 'keepalive';
  return undefined;
}

/** The application-side half of every keep-alive fix, whatever the proxy. */
export const APP_KEEPALIVE: FixSnippet = {
  title: 'Application: send a keep-alive comment every 15–25 s',
  language: 'TypeScript (Node)',
  code: [
    "res.setHeader('Content-Type', 'text/event-stream');",
    "res.setHeader('Cache-Control', 'no-cache, no-transform');",
    "res.setHeader('X-Accel-Buffering', 'no');",
    '// an SSE comment line keeps every proxy on the path from seeing an idle connection',
    "const keepAlive = setInterval(() => res.write(': keep-alive\\n\\n'), 25_000);",
    "res.on('close', () => clearInterval(keepAlive));",
  ].join('\n'),
  note: 'Comment lines (starting with ":") are ignored by SSE clients, so they are safe on any stream. Stay under the shortest idle timeout on the path; 30 s is the ceiling this scanner checks.',
};

type KnownFront = Exclude<Front, 'unknown'>;

export const FRONT_SNIPPETS: Record<KnownFront, Partial<Record<FixTopic, FixSnippet>>> = {
  nginx: {
    buffering: {
      title: 'nginx: pass the stream through unbuffered',
      language: 'nginx',
      code: [
        'location /mcp {',
        '    proxy_pass http://mcp_upstream;',
        '    proxy_http_version 1.1;',
        '    proxy_set_header Connection "";',
        '    proxy_buffering off;',
        '    proxy_cache off;',
        '    proxy_read_timeout 3600s;',
        '    add_header X-Accel-Buffering no;',
        '}',
      ].join('\n'),
      note: 'proxy_buffering is on by default and holds events back. nginx also honours an `X-Accel-Buffering: no` header sent by the application, which fixes it per response; adding it here tells any further nginx in the path too. Keep gzip off for text/event-stream.',
    },
    keepalive: {
      title: 'nginx: let silent streams live longer than 60 s',
      language: 'nginx',
      code: ['location /mcp {', '    proxy_read_timeout 3600s;', '    proxy_send_timeout 3600s;', '    proxy_buffering off;', '}'].join('\n'),
      note: 'proxy_read_timeout defaults to 60 s: a stream that is silent for a minute is closed by nginx. Raise it, and still send keep-alive comments for the proxies you do not control.',
    },
  },
  caddy: {
    buffering: {
      title: 'Caddy: flush every write',
      language: 'Caddyfile',
      code: ['example.com {', '    reverse_proxy /mcp* localhost:3000 {', '        flush_interval -1', '    }', '}'].join('\n'),
      note: 'Caddy flushes text/event-stream responses immediately when it recognises them; `flush_interval -1` forces it for every response on this route (for example when a compression or other handler hides the content type).',
    },
    keepalive: {
      title: 'Caddy: keep the stream alive end to end',
      language: 'Caddyfile',
      code: ['reverse_proxy /mcp* localhost:3000 {', '    flush_interval -1', '}'].join('\n'),
      note: 'Caddy itself does not cut idle proxied streams by default, but load balancers and CDNs in front of it do: send keep-alive comments every ≤ 30 s.',
    },
  },
  cloudflare: {
    buffering: {
      title: 'Cloudflare: let text/event-stream through untouched',
      language: 'HTTP response headers',
      code: ['Content-Type: text/event-stream', 'Cache-Control: no-cache, no-transform', 'X-Accel-Buffering: no'].join('\n'),
      note: 'Cloudflare streams text/event-stream without buffering as long as nothing transforms it: avoid caching rules and compression/minification on the MCP path, and make sure the origin itself does not buffer.',
    },
    keepalive: {
      title: 'Cloudflare: stay under the 100 s idle cut-off',
      language: 'policy',
      code: ['idle cut-off on proxied connections: 100 s (error 524)', 'keep-alive comment interval:          ≤ 30 s'].join('\n'),
      note: 'Cloudflare closes a proxied connection that sends nothing for 100 seconds. A keep-alive comment every 15–30 s keeps GET streams open with plenty of margin.',
    },
  },
  'aws-alb': {
    buffering: {
      title: 'AWS ALB: the buffering is behind it',
      language: 'checklist',
      code: ['ALB streams responses as they arrive.', 'Look at the hop behind it: nginx/ingress (proxy_buffering off),', 'the framework (flush after each event), compression middleware.'].join('\n'),
      note: 'An Application Load Balancer forwards chunks without holding them; buffered events usually come from the reverse proxy or middleware between the ALB and the MCP server.',
    },
    keepalive: {
      title: 'AWS ALB: raise the idle timeout (default 60 s)',
      language: 'shell',
      code: [
        'aws elbv2 modify-load-balancer-attributes \\',
        '  --load-balancer-arn "$ALB_ARN" \\',
        '  --attributes Key=idle_timeout.timeout_seconds,Value=3600',
      ].join('\n'),
      note: 'The ALB closes connections idle for 60 s by default. Raise the idle timeout and keep keep-alive comments well under it (≤ 30 s).',
    },
  },
  apache: {
    buffering: {
      title: 'Apache httpd: flush proxied packets',
      language: 'apache',
      code: [
        '<Location "/mcp">',
        '    ProxyPass "http://127.0.0.1:3000/mcp" flushpackets=on timeout=3600',
        '    ProxyPassReverse "http://127.0.0.1:3000/mcp"',
        '    SetEnv no-gzip 1',
        '</Location>',
      ].join('\n'),
      note: 'mod_proxy buffers by default; `flushpackets=on` sends each chunk on. mod_deflate would buffer again, so keep compression off for the stream.',
    },
    keepalive: {
      title: 'Apache httpd: do not time out quiet streams',
      language: 'apache',
      code: ['ProxyPass "/mcp" "http://127.0.0.1:3000/mcp" flushpackets=on timeout=3600', 'ProxyTimeout 3600'].join('\n'),
      note: 'The proxy timeout defaults to the server Timeout (60 s). Raise it for the MCP route and send keep-alive comments every ≤ 30 s.',
    },
  },
  envoy: {
    buffering: {
      title: 'Envoy: no buffering or compression on the stream',
      language: 'Envoy YAML',
      code: [
        'routes:',
        '- match: { prefix: "/mcp" }',
        '  route:',
        '    cluster: mcp',
        '    timeout: 0s',
        '  typed_per_filter_config:',
        '    envoy.filters.http.buffer:',
        '      "@type": type.googleapis.com/envoy.extensions.filters.http.buffer.v3.BufferPerRoute',
        '      disabled: true',
      ].join('\n'),
      note: 'Envoy streams by default; a buffer filter or a compressor that includes text/event-stream holds events back. Disable them on the MCP route.',
    },
    keepalive: {
      title: 'Envoy: lift the 15 s route timeout',
      language: 'Envoy YAML',
      code: ['routes:', '- match: { prefix: "/mcp" }', '  route:', '    cluster: mcp', '    timeout: 0s          # default 15 s ends every long stream', '    idle_timeout: 3600s  # per-stream idle timeout'].join('\n'),
      note: 'The route timeout (15 s by default) counts the whole response, so it ends every SSE stream; the stream idle timeout (5 min) ends quiet ones. Keep-alive comments every ≤ 30 s cover the proxies beyond.',
    },
  },
  vercel: {
    buffering: {
      title: 'Vercel: return a streaming Response',
      language: 'TypeScript (route handler)',
      code: [
        "export const dynamic = 'force-dynamic';",
        'export async function GET() {',
        '  const stream = new ReadableStream({ start(c) { /* enqueue events as they happen */ } });',
        "  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform' } });",
        '}',
      ].join('\n'),
      note: 'Vercel Functions stream when the handler returns a stream; handlers that build the whole body first (or Pages Router API routes) deliver it in one piece.',
    },
    keepalive: {
      title: 'Vercel: the function lifetime bounds the stream',
      language: 'TypeScript (route handler)',
      code: ['export const maxDuration = 300; // seconds; the stream ends when the function does'].join('\n'),
      note: 'A stream cannot outlive the function’s maximum duration: raise it, send keep-alive comments every ≤ 30 s, and support Last-Event-ID so clients resume cleanly when it ends.',
    },
  },
  fly: {
    buffering: {
      title: 'Fly.io: the buffering is in the app',
      language: 'checklist',
      code: ['Fly’s proxy forwards chunks as they come.', 'Flush after each event in the app; keep compression', 'middleware off text/event-stream.'].join('\n'),
      note: 'Buffered events on Fly usually come from the application or its framework, not from the Fly proxy.',
    },
    keepalive: {
      title: 'Fly.io: stay under the proxy’s 60 s idle timeout',
      language: 'policy',
      code: ['idle HTTP connections are closed by the Fly proxy after ~60 s', 'keep-alive comment interval: ≤ 30 s'].join('\n'),
      note: 'Send keep-alive comments every 15–30 s so quiet GET streams are not closed between notifications.',
    },
  },
};

/**
 * Snippets for a rule, most specific first: the front's own advice, then (for keep-alive)
 * the application-side change, which is needed whatever the front.
 */
export function snippetsFor(ruleId: string, front: Front): FixSnippet[] {
  const topic = topicOfRule(ruleId);
  if (!topic) return [];
  const out: FixSnippet[] = [];
  const own = front === 'unknown' ? undefined : FRONT_SNIPPETS[front][topic];
  if (own) out.push(own);
  if (topic === 'keepalive') out.push(APP_KEEPALIVE);
  return out;
}
