#!/bin/bash
# modern.sh URL: the 2026-07-28 questions (server/discover, GET, DELETE, notification, content types, headers)
cd "$(dirname "$0")"; U="$1"; source ./lib.sh
show() { grep -v -i -E '^date:|x-powered|etag|keep-alive: timeout|^connection:' | cut -c1-${W:-260}; }
M='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
MH=(-H 'MCP-Protocol-Version: 2026-07-28')
echo "### server/discover"; post "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: server/discover' | show; echo
echo "### server/discover, Accept: application/json only"; curl -sS -i -X POST "$U" -H 'Content-Type: application/json' -H 'Accept: application/json' "${MH[@]}" -H 'Mcp-Method: server/discover' -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$M}}" | show | head -3; echo
echo "### tools/list (modern)"; post "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: tools/list' | show; echo
echo "### tools/call echo (modern)"; post "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},$M}}" "${MH[@]}" -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' | show; echo
echo "### tools/call without Mcp-Name"; post "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},$M}}" "${MH[@]}" -H 'Mcp-Method: tools/call' | show; echo
echo "### unknown method"; post "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"nope/nope\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: nope/nope' | show; echo
echo "### notification (modern)"; post "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99,$M}}" "${MH[@]}" -H 'Mcp-Method: notifications/cancelled' -w '[bytes=%{size_download}]\n' | show; echo
echo "### notifications/initialized, no headers"; post '{"jsonrpc":"2.0","method":"notifications/initialized"}' -w '[bytes=%{size_download}]\n' | show; echo
echo "### MCP-Protocol-Version: 1999-01-01 + envelope 1999-01-01"; post '{"jsonrpc":"2.0","id":5,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"1999-01-01","io.modelcontextprotocol/clientCapabilities":{}}}}' -H 'MCP-Protocol-Version: 1999-01-01' -H 'Mcp-Method: server/discover' | show; echo
echo "### MCP-Protocol-Version: 1999-01-01, tools/list without envelope"; post '{"jsonrpc":"2.0","id":6,"method":"tools/list"}' -H 'MCP-Protocol-Version: 1999-01-01' | show; echo
echo "### GET"; curl -sS -i --max-time 3 "$U" -H 'Accept: text/event-stream' | show; echo
echo "### GET with Mcp-Session-Id + Last-Event-ID"; curl -sS -i --max-time 3 "$U" -H 'Accept: text/event-stream' -H 'Mcp-Session-Id: abc' -H 'Last-Event-ID: x' | show | head -3; echo
echo "### DELETE"; curl -sS -i --max-time 3 -X DELETE "$U" -H 'Mcp-Session-Id: abc' | show; echo
echo "### Origin: https://evil.example (server/discover)"; post "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: server/discover' -H 'Origin: https://evil.example' | show | head -4; echo
echo "### Host: evil.example (server/discover)"; post "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: server/discover' -H 'Host: evil.example' | show | head -4; echo
echo "### OPTIONS preflight"; curl -sS -i -X OPTIONS "$U" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id, mcp-method, mcp-name' | show; echo
echo "### server/discover with Origin: https://browser-agent.example"; post "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{$M}}" "${MH[@]}" -H 'Mcp-Method: server/discover' -H 'Origin: https://browser-agent.example' | show | head -5; echo
for v in 2025-11-25 2025-06-18 2025-03-26 1999-01-01; do echo "### initialize $v"; post "$(initbody $v)" --max-time 5 | show; echo; done
echo "### 2025 tools/list (no session), MCP-Protocol-Version: 2025-11-25"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H 'MCP-Protocol-Version: 2025-11-25' | show; echo
echo "### 2025 tools/list, unknown Mcp-Session-Id"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H 'MCP-Protocol-Version: 2025-11-25' -H 'Mcp-Session-Id: 00000000-0000-0000-0000-000000000000' | show | head -3; echo
echo "### 2025 initialize with Origin: https://evil.example"; post "$(initbody 2025-11-25)" -H 'Origin: https://evil.example' | show | head -3; echo
