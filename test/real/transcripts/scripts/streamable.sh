#!/usr/bin/env bash
# Streamable HTTP transcript: bash streamable.sh URL [SLOW_TOOL_NAME] [SLOW_ARGS_JSON]
# Prints the curl commands (as `$ …`) and trimmed raw responses, questions 1-10.
URL=$1; TOOL=${2:-trigger-long-running-operation}; TARGS=${3:-'{"duration":3,"steps":5}'}
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
PV=(-H 'MCP-Protocol-Version: 2025-11-25')
sid_of() { grep -i '^mcp-session-id:' "$1" | head -1 | awk '{print $2}' | tr -d '\r'; }
post() { # $1 sid  $2 body  [extra curl args...]  -> raw dump (headers+body) to stdout
  local sid=$1 body=$2; shift 2
  local S=() P=("${PV[@]}"); [ -n "$sid" ] && S=(-H "Mcp-Session-Id: $sid"); case "$body" in *'"method":"initialize"'*) P=();; esac
  curl -sS -N -i --max-time ${MAXT:-8} -X POST "$URL" "${H_JSON[@]}" "${P[@]}" "${S[@]}" "$@" -d "$body"
}
show() { tr -d '\r' | grep -iE '^(HTTP/|content-type|mcp-session-id|x-accel-buffering|cache-control|transfer-encoding|content-length|access-control|vary|content-encoding)|^(id|event|retry|data):|^:|^[^:]{0,40}$|^\{' | grep -v '^$' | trim 300; }

echo "## Q1 initialize"
for v in 2025-11-25 2025-03-26 1999-01-01; do
  echo "\$ curl -i -X POST \$URL -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '$(init_body 1 $v)'"
  post "" "$(init_body 1 $v)" | tee $W/init-$v | show
  echo
done
A=$(sid_of $W/init-2025-11-25)
echo "(session from 2025-11-25 initialize: '$A')"

echo "## Q3 notifications/initialized"
echo "\$ curl -i -X POST … -H 'Mcp-Session-Id: \$A' -d '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}'"
post "$A" '{"jsonrpc":"2.0","method":"notifications/initialized"}' | show; echo "(body bytes: $(post "$A" '{"jsonrpc":"2.0","method":"notifications/initialized"}' | sed '1,/^\r$/d' | wc -c))"
echo

echo "## Q2 POST tools/list framing (raw)"
echo "\$ curl -i -N -X POST … -H 'Mcp-Session-Id: \$A' -d '{\"jsonrpc\":\"2.0\",\"id\":\"A-list\",\"method\":\"tools/list\"}'"
L0=$(now_us); post "$A" '{"jsonrpc":"2.0","id":"A-list","method":"tools/list"}' | stamp $L0 | tee $W/list | grep -vE '^\[.{8}\] (date|x-powered-by|keep-alive):' | trim 200
POSTID=$(grep -E '\] id: ?' $W/list | tail -1 | sed -E 's/.*\] id: ?//')
echo "(last id on the tools/list POST stream: '${POSTID}')"
echo

echo "## Q4 GET stream with session (watch 20 s)"
echo "\$ curl -sN -D - \$URL -H 'Accept: text/event-stream' -H 'Mcp-Session-Id: \$A'  (lines stamped with seconds since the request)"
G0=$(now_us)
curl -sS -N -D - --max-time 20 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $A" 2>&1 | stamp $G0 | tee $W/get | grep -vE '\] (date|x-powered-by|keep-alive):' | head -40 | trim 200
GETID=$(grep -E '\] id: ?' $W/get | tail -1 | sed -E 's/.*\] id: ?//')
echo "(last id on the GET stream: '${GETID}')"
echo

echo "## Q5 resume"
for lei in "$POSTID" "$GETID" "garbage-$RANDOM"; do
  [ -z "$lei" ] && continue
  echo "\$ curl -sN -D - --max-time 4 \$URL -H 'Accept: text/event-stream' -H 'Mcp-Session-Id: \$A' -H 'Last-Event-ID: $lei'"
  G0=$(now_us)
  curl -sS -N -D - --max-time 4 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" -H "Mcp-Session-Id: $A" -H "Last-Event-ID: $lei" 2>&1 | stamp $G0 | grep -vE '\] (date|x-powered-by|keep-alive):' | head -20 | trim 300
  echo
done
if [ -z "$POSTID" ]; then
  echo "(no id on POST streams: resume with an id from a progress stream)"
fi

echo "## Q7 session errors"
echo "\$ tools/list without Mcp-Session-Id"; post "" '{"jsonrpc":"2.0","id":"nosess","method":"tools/list"}' | show
echo "\$ tools/list with Mcp-Session-Id: made-up-session"; post "made-up-session" '{"jsonrpc":"2.0","id":"badsess","method":"tools/list"}' | show
echo "\$ GET with Mcp-Session-Id: made-up-session"; curl -sS -i --max-time 4 "$URL" -H 'Accept: text/event-stream' -H 'Mcp-Session-Id: made-up-session' | show
echo "\$ GET without session"; curl -sS -i --max-time 4 "$URL" -H 'Accept: text/event-stream' | show
echo

echo "## Q8 MCP-Protocol-Version: 1999-01-01"
PV=(-H 'MCP-Protocol-Version: 1999-01-01')
post "$A" '{"jsonrpc":"2.0","id":"A-pv","method":"tools/list"}' | show
PV=(-H 'MCP-Protocol-Version: 2025-11-25')
echo

echo "## Q9 Origin / Host"
echo "\$ initialize with Origin: https://evil.example"; post "" "$(init_body 1 2025-11-25)" -H 'Origin: https://evil.example' | show
echo "\$ initialize with Host: evil.example"; post "" "$(init_body 1 2025-11-25)" -H 'Host: evil.example' | show
echo

echo "## Q10 CORS"
echo "\$ curl -i -X OPTIONS \$URL -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id'"
curl -sS -i --max-time 5 -X OPTIONS "$URL" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id' | grep -iE '^(HTTP/|access-control|vary|allow|content-length)' 
echo "\$ initialize with Origin: https://browser-agent.example"
post "" "$(init_body 1 2025-11-25)" -H 'Origin: https://browser-agent.example' | grep -iE '^(HTTP/|access-control|vary|mcp-session-id)'
echo

echo "## Q7b DELETE"
echo "\$ curl -i -X DELETE \$URL -H 'Mcp-Session-Id: \$A'"; curl -sS -i --max-time 5 -X DELETE "$URL" -H "Mcp-Session-Id: $A" | show
echo "\$ tools/list after DELETE"; post "$A" '{"jsonrpc":"2.0","id":"after-del","method":"tools/list"}' | show
rm -rf $W
