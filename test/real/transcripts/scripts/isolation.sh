#!/usr/bin/env bash
# Q6 isolation + progress-stream resume: bash isolation.sh URL TOOL ARGS_JSON  (TOOL '-': no tools/call)
URL=$1; TOOL=${2:-trigger-long-running-operation}; TARGS=${3:-'{"duration":3,"steps":5}'}
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
PV=(-H 'MCP-Protocol-Version: 2025-11-25')
sid_of() { grep -i '^mcp-session-id:' "$1" | head -1 | awk '{print $2}' | tr -d '\r'; }
post() { local sid=$1 body=$2; shift 2; local S=() P=(); [ -n "$sid" ] && S=(-H "Mcp-Session-Id: $sid") && P=("${PV[@]}")
  curl -sS -N -i --max-time ${MAXT:-10} -X POST "$URL" "${H_JSON[@]}" "${P[@]}" "${S[@]}" "$@" -d "$body"; }
CAPS='{"roots":{"listChanged":true}}'
post "" "$(init_body '"A-init"' 2025-11-25 "$CAPS")" > $W/a; A=$(sid_of $W/a)
post "" "$(init_body '"B-init"' 2025-11-25 "$CAPS")" > $W/b; B=$(sid_of $W/b)
post "$A" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
post "$B" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
echo "session A=$A  session B=$B  (both initialized with capabilities {roots:{listChanged:true}})"
# hold GET streams: A, B, no session, made-up session
curl -sS -N -D - --max-time 14 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $A" 2>&1 | stamp > $W/getA &
curl -sS -N -D - --max-time 14 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $B" 2>&1 | stamp > $W/getB &
curl -sS -N -D - --max-time 14 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" 2>&1 | stamp > $W/getNone &
curl -sS -N -D - --max-time 14 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: never-initialized-123" 2>&1 | stamp > $W/getFake &
sleep 1.5
MARK=$(( (${EPOCHREALTIME/./} - T0) / 10000 )); printf -- '--- [%3d.%02ds] (stamps: seconds since script start) session A starts acting now\n' $((MARK/100)) $((MARK%100))
echo "--- in session A: logging/setLevel, notifications/roots/list_changed, ping, tools/list, tools/call $TOOL with progressToken"
for body in '{"jsonrpc":"2.0","id":"A-setlevel","method":"logging/setLevel","params":{"level":"debug"}}' \
            '{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}' \
            '{"jsonrpc":"2.0","id":"A-ping","method":"ping"}' \
            '{"jsonrpc":"2.0","id":"A-list","method":"tools/list"}'; do
  echo "\$ POST (session A) $body"
  post "$A" "$body" | grep -iE '^(HTTP/|content-type)|^(id|event|data|retry):' | cut -c1-220
done
if [ "$TOOL" = - ]; then : > $W/call; else # TOOL '-': call no tool
echo "\$ POST (session A) tools/call $TOOL $TARGS _meta.progressToken=A-progress  (stamped)"
post "$A" "{\"jsonrpc\":\"2.0\",\"id\":\"A-call\",\"method\":\"tools/call\",\"params\":{\"name\":\"$TOOL\",\"arguments\":$TARGS,\"_meta\":{\"progressToken\":\"A-progress\"}}}" | stamp | tee $W/call | grep -E '^\[[^]]*\] (HTTP/|[Cc]ontent-[Tt]ype|id:|event:|data:|retry:|:)' | cut -c1-240
fi
wait
for f in getA getB getNone getFake; do
  echo "--- GET stream held open during the above: $f"
  grep -vE '\] (date|x-powered-by|keep-alive|connection|cache-control):' $W/$f | head -30 | cut -c1-260
done
echo "--- LEAK CHECK: lines on B / none / fake carrying A's ids or A's progress token:"
grep -HE 'A-(setlevel|ping|list|call|progress|init)|notifications/progress' $W/getB $W/getNone $W/getFake | sed "s|^$W/|  LEAK |" | cut -c1-260
grep -qE 'A-(setlevel|ping|list|call|progress|init)|notifications/progress' $W/getB $W/getNone $W/getFake || echo "  (none)"
echo "--- roots/list requests seen (per stream, with stamps; A sent roots/list_changed after the mark):"
grep -HE 'roots/list' $W/getA $W/getB $W/getNone $W/getFake $W/call | sed "s|^$W/|  |" | cut -c1-200
grep -qE 'roots/list' $W/getA $W/getB $W/getNone $W/getFake $W/call || echo "  (none)"
# progress-stream resume
PID=$(grep -E '\] id:' $W/call | sed -n 2p | sed -E 's/.*\] id: ?//')
if [ -n "$PID" ]; then
  echo "--- resume: GET with Last-Event-ID = 2nd id of A's tools/call stream ($PID), in session A"
  curl -sS -N -D - --max-time 4 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $A" -H "Last-Event-ID: $PID" 2>&1 | stamp | grep -vE '\] (date|x-powered-by|keep-alive):' | head -20 | cut -c1-260
  echo "--- the same Last-Event-ID presented in session B"
  curl -sS -N -D - --max-time 4 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $B" -H "Last-Event-ID: $PID" 2>&1 | stamp | grep -vE '\] (date|x-powered-by|keep-alive):' | head -20 | cut -c1-260
else
  echo "--- (no event ids on A's tools/call stream: no resume possible)"
fi
rm -rf $W
