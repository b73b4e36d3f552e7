#!/usr/bin/env bash
# Bearer-token transcript (notion-mcp-server): TOKEN=… bash notion.sh URL
# Part 1 without the token (what the scan sees): 401s, the OAuth discovery an agent would try.
# Part 2 with the token the server generated (printed as <token>): the MCP behind the gate.
URL=$1
source "$(dirname "$0")/lib.sh"
ORIGIN=$(echo "$URL" | sed -E 's|^(https?://[^/]+).*|\1|')
W=$(mktemp -d)
show() { tr -d '\r' | grep -iE '^(HTTP/|content-type|mcp-session-id|x-accel-buffering|cache-control|transfer-encoding|content-length|access-control|www-authenticate|vary|allow)|^(id|event|retry|data):|^:|^\{|^[A-Za-z]' | grep -viE '^(date|connection|keep-alive|x-powered-by|etag|content-security-policy|x-content-type-options):' | trim 300; }
post() { local body=$1; shift; curl -sS -N -i --max-time 8 -X POST "$URL" "${H_JSON[@]}" "$@" -d "$body"; }
INIT=$(init_body 1 2025-11-25)

echo "## Part 1: no token"
echo "\$ POST initialize"; post "$INIT" | show
echo "\$ POST tools/list (MCP-Protocol-Version: 2025-11-25)"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H 'MCP-Protocol-Version: 2025-11-25' | show
echo "\$ POST initialize, Authorization: Bearer garbage"; post "$INIT" -H 'Authorization: Bearer garbage' | show
echo "\$ GET (Accept: text/event-stream)"; curl -sS -i --max-time 5 "$URL" -H 'Accept: text/event-stream' | show
echo "\$ DELETE"; curl -sS -i --max-time 5 -X DELETE "$URL" -H 'Mcp-Session-Id: made-up-session' | show
echo "\$ POST initialize with Origin: https://evil.example"; post "$INIT" -H 'Origin: https://evil.example' | show
echo "\$ POST initialize with Host: evil.example"; post "$INIT" -H 'Host: evil.example' | show
echo "\$ OPTIONS (CORS preflight, Origin https://browser-agent.example, POST, content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id)"
curl -sS -i --max-time 5 -X OPTIONS "$URL" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id' | show
for p in /.well-known/oauth-protected-resource/mcp /.well-known/oauth-protected-resource /.well-known/oauth-authorization-server /.well-known/openid-configuration /authorize /token /register /health; do
  echo "\$ GET \$ORIGIN$p"; curl -sS -i --max-time 5 "$ORIGIN$p" | show | grep -vE '^<' | head -8
done
echo

[ -z "$TOKEN" ] && { echo "(no TOKEN: part 2 skipped)"; rm -rf $W; exit 0; }
AUTH=(-H "Authorization: Bearer $TOKEN")
echo "## Part 2: with the generated token (Authorization: Bearer <token>)"
echo "\$ POST initialize"; post "$INIT" "${AUTH[@]}" | tee $W/init | show
A=$(grep -i '^mcp-session-id:' $W/init | head -1 | awk '{print $2}' | tr -d '\r')
S=(-H "Mcp-Session-Id: $A" -H 'MCP-Protocol-Version: 2025-11-25')
echo "\$ POST notifications/initialized"; post '{"jsonrpc":"2.0","method":"notifications/initialized"}' "${AUTH[@]}" "${S[@]}" | show
echo "\$ POST tools/list"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' "${AUTH[@]}" "${S[@]}" | show | head -8
echo "\$ GET stream, watched 20 s (stamped)"; G0=$(now_us); curl -sS -N -D - --max-time 20 "$URL" -H 'Accept: text/event-stream' "${AUTH[@]}" "${S[@]}" 2>&1 | stamp $G0 | grep -viE '\] (date|x-powered-by|keep-alive|connection):'
echo "\$ tools/list with Mcp-Session-Id: made-up-session"; post '{"jsonrpc":"2.0","id":3,"method":"tools/list"}' "${AUTH[@]}" -H 'Mcp-Session-Id: made-up-session' | show
echo "\$ tools/list without Mcp-Session-Id"; post '{"jsonrpc":"2.0","id":3,"method":"tools/list"}' "${AUTH[@]}" | show
echo "\$ tools/list with MCP-Protocol-Version: 1999-01-01"; post '{"jsonrpc":"2.0","id":4,"method":"tools/list"}' "${AUTH[@]}" -H "Mcp-Session-Id: $A" -H 'MCP-Protocol-Version: 1999-01-01' | show
echo "\$ POST initialize with Origin: https://evil.example"; post "$INIT" "${AUTH[@]}" -H 'Origin: https://evil.example' | show | head -4
echo "\$ POST initialize with Host: evil.example"; post "$INIT" "${AUTH[@]}" -H 'Host: evil.example' | show | head -4
echo "\$ OPTIONS preflight with the token"; curl -sS -i --max-time 5 -X OPTIONS "$URL" "${AUTH[@]}" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' | show
echo "\$ DELETE"; curl -sS -i --max-time 5 -X DELETE "$URL" "${AUTH[@]}" "${S[@]}" | show
echo "\$ tools/list after DELETE"; post '{"jsonrpc":"2.0","id":5,"method":"tools/list"}' "${AUTH[@]}" "${S[@]}" | show
rm -rf $W
