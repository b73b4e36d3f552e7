#!/usr/bin/env bash
# Legacy HTTP+SSE transcript: bash legacy.sh SSE_URL TOOL ARGS_JSON  (TOOL '-': no tools/call)
URL=$1; TOOL=${2:-trigger-long-running-operation}; TARGS=${3:-'{"duration":3,"steps":5}'}
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
ORIGIN=$(echo "$URL" | sed -E 's|^(https?://[^/]+).*|\1|')
CAPS='{"roots":{"listChanged":true}}'
echo "## Q11 legacy HTTP+SSE   (stamps: seconds since script start)"
echo "\$ curl -sN -D - \$URL -H 'Accept: text/event-stream'   (session 1, held 28 s)"
curl -sS -N -D - --max-time 28 "$URL" -H 'Accept: text/event-stream' 2>&1 | stamp > $W/s1 &
curl -sS -N -D - --max-time 28 "$URL" -H 'Accept: text/event-stream' 2>&1 | stamp > $W/s2 &
for i in $(seq 1 50); do grep -q 'data:' $W/s1 && grep -q 'data:' $W/s2 && break; sleep 0.1; done
EP1=$(grep -m1 -A1 'event: endpoint' $W/s1 | grep 'data:' | sed -E 's/.*data: ?//'); EP2=$(grep -m1 -A1 'event: endpoint' $W/s2 | grep 'data:' | sed -E 's/.*data: ?//')
abs() { case "$1" in http*) echo "$1";; /*) echo "$ORIGIN$1";; *) echo "${URL%/*}/$1";; esac; }
P1=$(abs "$EP1"); P2=$(abs "$EP2")
echo "endpoint event data: session1 '$EP1'  session2 '$EP2'"
p() { local url=$1 body=$2; shift 2; curl -sS -i --max-time 5 -X POST "$url" "${H_JSON[@]}" "$@" -d "$body" -w '\n(time_total %{time_total}s)\n' | tr -d '\r' | grep -iE '^(HTTP/|content-type|content-length|access-control)|^\(time|^[^:]*$' | grep -v '^$' | cut -c1-240; }
echo "\$ POST \$P1 initialize (id \"S1-init\", capabilities roots.listChanged)"; p "$P1" "$(init_body '"S1-init"' 2025-11-25 "$CAPS")"
echo "\$ POST \$P2 initialize (id \"S2-init\")"; p "$P2" "$(init_body '"S2-init"' 2025-11-25 "$CAPS")" >/dev/null
sleep 0.5
p "$P1" '{"jsonrpc":"2.0","method":"notifications/initialized"}' > $W/notif1; p "$P2" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
echo "\$ POST \$P1 notifications/initialized"; cat $W/notif1
sleep 1
MARK=$(( (${EPOCHREALTIME/./} - T0) / 10000 )); printf -- '--- [%3d.%02ds] session 1 starts acting now (setLevel, roots/list_changed, ping, tools/list, tools/call with progressToken S1-progress)\n' $((MARK/100)) $((MARK%100))
for body in '{"jsonrpc":"2.0","id":"S1-setlevel","method":"logging/setLevel","params":{"level":"debug"}}' \
            '{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}' \
            '{"jsonrpc":"2.0","id":"S1-ping","method":"ping"}' \
            '{"jsonrpc":"2.0","id":"S1-list","method":"tools/list"}' \
            "{\"jsonrpc\":\"2.0\",\"id\":\"S1-call\",\"method\":\"tools/call\",\"params\":{\"name\":\"$TOOL\",\"arguments\":$TARGS,\"_meta\":{\"progressToken\":\"S1-progress\"}}}"; do
  case "$body" in *'"S1-call"'*) [ "$TOOL" = - ] && continue;; esac # TOOL '-': call no tool
  echo "\$ POST \$P1 $(echo "$body" | cut -c1-120)"; p "$P1" "$body" | head -3
done
echo "\$ POST \$P1-with-unknown-sessionId tools/list (--max-time 5)"
U=$(echo "$P1" | sed -E 's/sessionId=[^&]*/sessionId=00000000-0000-0000-0000-000000000000/'); p "$U" '{"jsonrpc":"2.0","id":"x","method":"tools/list"}'
echo "\$ POST endpoint without sessionId (--max-time 5)"
N=$(echo "$P1" | sed -E 's/[?&]sessionId=[^&]*//'); echo "  ($N)"; p "$N" '{"jsonrpc":"2.0","id":"x","method":"tools/list"}'
echo "\$ POST initialize to the SSE URL itself (what a streamable-first client does)"; p "$URL" "$(init_body 1 2025-11-25)"
echo "\$ GET \$URL with Origin: https://evil.example"; curl -sS -i --max-time 2 "$URL" -H 'Accept: text/event-stream' -H 'Origin: https://evil.example' 2>/dev/null | tr -d '\r' | grep -iE '^(HTTP/|content-type|access-control)|^(event|data):'
echo "\$ GET \$URL with Host: evil.example"; curl -sS -i --max-time 2 "$URL" -H 'Accept: text/event-stream' -H 'Host: evil.example' 2>/dev/null | tr -d '\r' | grep -iE '^(HTTP/|content-type)|^(event|data):'
echo "\$ POST \$P1 ping with Origin: https://evil.example"; p "$P1" '{"jsonrpc":"2.0","id":"S1-evil","method":"ping"}' -H 'Origin: https://evil.example'
for u in "$URL" "$P1"; do
  echo "\$ OPTIONS $u (CORS preflight, Origin https://browser-agent.example, POST, content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id)"
  curl -sS -i --max-time 5 -X OPTIONS "$u" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id' | tr -d '\r' | grep -iE '^(HTTP/|access-control|vary|allow)'
done
echo "\$ GET \$URL with Origin: https://browser-agent.example"; curl -sS -i --max-time 2 "$URL" -H 'Accept: text/event-stream' -H 'Origin: https://browser-agent.example' 2>/dev/null | tr -d '\r' | grep -iE '^(HTTP/|access-control)'
wait
for f in s1 s2; do echo "--- SSE stream $f (held 28 s)"; grep -vE '\] (date|x-powered-by|keep-alive):' $W/$f | cut -c1-230 | head -60; done
echo "--- LEAK CHECK: session-1 ids / progress token on session 2's stream:"
grep -E 'S1-|notifications/progress' $W/s2 | sed 's/^/  LEAK /' | cut -c1-230; grep -qE 'S1-|notifications/progress' $W/s2 || echo "  (none)"
echo "--- roots/list on streams:"; grep -HE 'roots/list' $W/s1 $W/s2 | sed "s|^$W/|  |" | cut -c1-200
rm -rf $W
