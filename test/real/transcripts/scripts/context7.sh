#!/usr/bin/env bash
# Stateless dual-revision transcript (context7-mcp): bash context7.sh URL
# 2025-era requests without a session, 2026-07-28 requests with MCP-Protocol-Version, Mcp-Method
# and the `_meta` envelope, Origin/Host, CORS. Calls no tool (the tools reach context7.com).
URL=$1
source "$(dirname "$0")/lib.sh"
ORIGIN=$(echo "$URL" | sed -E 's|^(https?://[^/]+).*|\1|')
PV=(-H 'MCP-Protocol-Version: 2025-11-25')
post() { local body=$1; shift; curl -sS -N -i --max-time 8 -X POST "$URL" "${H_JSON[@]}" "$@" -d "$body"; }
show() { tr -d '\r' | grep -iE '^(HTTP/|content-type|mcp-session-id|x-accel-buffering|cache-control|transfer-encoding|content-length|access-control|www-authenticate|vary|allow)|^(id|event|retry|data):|^:|^\{' | trim 300; }
meta() { echo "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"${1:-2026-07-28}\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"curl-transcript\",\"version\":\"1\"},\"io.modelcontextprotocol/clientCapabilities\":{}}"; }
META=$(meta)
# modern METHOD PARAMS [HEADER_METHOD [HEADER_VERSION]] [curl args…]: a 2026-07-28 request
modern() { local method=$1 params=$2 hm=${3:-$1} hv=${4:-2026-07-28}; shift 4 2>/dev/null || shift $#
  post "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"$method\",\"params\":{$params}}" -H "MCP-Protocol-Version: $hv" -H "Mcp-Method: $hm" "$@"; }

echo "## Q1 initialize"
for v in 2025-11-25 2025-03-26 1999-01-01; do
  echo "\$ curl -i -X POST \$URL -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '$(init_body 1 $v)'"
  post "$(init_body 1 $v)" | show; echo
done
echo "## Q1b 2026-07-28: server/discover (MCP-Protocol-Version: 2026-07-28, Mcp-Method: server/discover, params._meta envelope)"
modern server/discover "$META" | show; echo
echo "\$ the same without the _meta envelope"; modern server/discover '' server/discover 2026-07-28 | show; echo
echo "\$ server/discover with Mcp-Method: tools/list (header mismatch)"; modern server/discover "$META" tools/list | show; echo
echo "\$ an unknown method (no/such-method, Mcp-Method: no/such-method)"; modern no/such-method "$META" | show; echo
echo "\$ server/discover with MCP-Protocol-Version: 1999-01-01 (and 1999-01-01 in the envelope)"; modern server/discover "$(meta 1999-01-01)" server/discover 1999-01-01 | show; echo

echo "## Q3 notifications/initialized (no session)"
post '{"jsonrpc":"2.0","method":"notifications/initialized"}' "${PV[@]}" | show; echo

echo "## Q2 POST tools/list framing (no session, MCP-Protocol-Version: 2025-11-25)"
L0=$(now_us); post '{"jsonrpc":"2.0","id":"list","method":"tools/list"}' "${PV[@]}" | stamp $L0 | grep -vE '\] (date|x-powered-by|keep-alive|access-control|www-authenticate):' | trim 200; echo
echo "\$ Accept: application/json only"; curl -sS -i --max-time 5 -X POST "$URL" -H 'Content-Type: application/json' -H 'Accept: application/json' "${PV[@]}" -d '{"jsonrpc":"2.0","id":"acc","method":"tools/list"}' | show; echo

echo "## Q4 GET / DELETE"
echo "\$ curl -sN -D - --max-time 5 \$URL -H 'Accept: text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25'"
curl -sS -N -i --max-time 5 "$URL" -H 'Accept: text/event-stream' "${PV[@]}" | show
echo "\$ GET with MCP-Protocol-Version: 2026-07-28"; curl -sS -N -i --max-time 5 "$URL" -H 'Accept: text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' | show
echo "\$ DELETE"; curl -sS -i --max-time 5 -X DELETE "$URL" "${PV[@]}" -H 'Mcp-Session-Id: made-up-session' | show; echo

echo "## Q7 session ids (none is ever minted)"
echo "\$ tools/list with Mcp-Session-Id: made-up-session"; post '{"jsonrpc":"2.0","id":"badsess","method":"tools/list"}' "${PV[@]}" -H 'Mcp-Session-Id: made-up-session' | show | head -12; echo

echo "## Q8 MCP-Protocol-Version: 1999-01-01 on tools/list"
post '{"jsonrpc":"2.0","id":"pv","method":"tools/list"}' -H 'MCP-Protocol-Version: 1999-01-01' | show; echo

echo "## Q9 Origin / Host"
echo "\$ initialize with Origin: https://evil.example"; post "$(init_body 1 2025-11-25)" -H 'Origin: https://evil.example' | show | grep -E '^(HTTP|access-control-allow-origin)|^data' | trim 160
echo "\$ initialize with Host: evil.example"; post "$(init_body 1 2025-11-25)" -H 'Host: evil.example' | show | grep -E '^HTTP|^data' | trim 160
echo "\$ server/discover (2026-07-28) with Host: evil.example and Origin: http://evil.example"; modern server/discover "$META" server/discover 2026-07-28 -H 'Host: evil.example' -H 'Origin: http://evil.example' | show | grep -E '^HTTP|^data|^\{' | trim 160
echo

echo "## Q10 CORS"
for o in https://browser-agent.example https://d4c5b4b8b740.agentready-probe.example; do
  echo "\$ curl -i -X OPTIONS \$URL -H 'Origin: $o' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, last-event-id, authorization, mcp-method, mcp-name'"
  curl -sS -i --max-time 5 -X OPTIONS "$URL" -H "Origin: $o" -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, last-event-id, authorization, mcp-method, mcp-name' | show
done
echo "\$ initialize with Origin: https://browser-agent.example"
post "$(init_body 1 2025-11-25)" -H 'Origin: https://browser-agent.example' | tr -d '\r' | grep -iE '^(HTTP/|access-control|vary|mcp-session-id)'
echo

echo "## Q12 auth discovery (no 401 is ever given)"
echo "\$ GET \$ORIGIN/.well-known/oauth-protected-resource"; curl -sS -i --max-time 5 "$ORIGIN/.well-known/oauth-protected-resource" | show
echo "\$ GET \$ORIGIN/.well-known/oauth-protected-resource/mcp"; curl -sS -i --max-time 5 "$ORIGIN/.well-known/oauth-protected-resource/mcp" | show
echo "(GET /.well-known/oauth-authorization-server not requested: the route fetches https://clerk.context7.com/… and relays it)"
