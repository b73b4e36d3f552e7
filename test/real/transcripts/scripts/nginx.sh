#!/usr/bin/env bash
# nginx timing transcript (Q12): bash nginx.sh URL
URL=$1; TOOL=${2:-trigger-long-running-operation}; TARGS=${3:-'{"duration":3,"steps":5}'}
source "$(dirname "$0")/lib.sh"
W=$(mktemp -d)
sid_of() { grep -i '^mcp-session-id:' "$1" | head -1 | awk '{print $2}' | tr -d '\r'; }
for enc in identity gzip; do
  E=(); [ $enc = gzip ] && E=(--compressed)
  echo "### Accept-Encoding: $enc   (stamps: seconds since each request was sent)"
  echo "\$ curl -sN -D - ${E[*]} -X POST \$URL … initialize 2025-11-25"
  S0=$(now_us); curl -sS -N -D - "${E[@]}" --max-time 10 -X POST "$URL" "${H_JSON[@]}" -d "$(init_body 1 2025-11-25)" | tee $W/init | stamp $S0 | grep -iE '\] (HTTP/|content-type|content-encoding|mcp-session-id|x-accel-buffering|transfer-encoding|content-length|connection|id:|data:|event:)' | cut -c1-160
  A=$(sid_of $W/init)
  curl -sS -o /dev/null --max-time 5 -X POST "$URL" "${H_JSON[@]}" -H "Mcp-Session-Id: $A" -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "\$ curl -sN -D - ${E[*]} \$URL -H 'Accept: text/event-stream' -H 'Mcp-Session-Id: …'   (GET, held 20 s; meanwhile tools/list_changed-free session, so only keep-alives can flow)"
  S0=$(now_us); curl -sS -N -D - "${E[@]}" --max-time 20 "$URL" -H 'Accept: text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' -H "Mcp-Session-Id: $A" 2>&1 | stamp $S0 > $W/get &
  sleep 0.5
  echo "\$ curl -sN -D - ${E[*]} -X POST \$URL … tools/call $TOOL $TARGS with progressToken"
  S0=$(now_us); curl -sS -N -D - "${E[@]}" --max-time 15 -X POST "$URL" "${H_JSON[@]}" -H "Mcp-Session-Id: $A" -H 'MCP-Protocol-Version: 2025-11-25' -d "{\"jsonrpc\":\"2.0\",\"id\":\"call\",\"method\":\"tools/call\",\"params\":{\"name\":\"$TOOL\",\"arguments\":$TARGS,\"_meta\":{\"progressToken\":\"p\"}}}" | stamp $S0 | grep -iE '\] (HTTP/|content-type|content-encoding|x-accel-buffering|transfer-encoding|content-length|connection|id:|data:|event:)' | cut -c1-160
  wait
  echo "--- the GET stream:"; grep -iE '\] (HTTP/|content-type|content-encoding|x-accel-buffering|transfer-encoding|:|id:|data:|event:|curl)' $W/get | cut -c1-160
  echo
done
rm -rf $W
