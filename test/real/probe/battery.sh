#!/bin/bash
# battery.sh URL: the transcript questions 1-4, 7-10 against a Streamable HTTP endpoint (curl only)
cd "$(dirname "$0")"; U="$1"; source ./lib.sh; V=${V:-2025-11-25}
show() { grep -v -i -E '^date:|x-powered|etag|keep-alive: timeout|^connection:' | cut -c1-${W:-220}; }
for v in 2025-11-25 2025-06-18 2025-03-26 1999-01-01; do echo "### Q1 initialize $v"; post "$(initbody $v)" --max-time 5 -w '[time_total=%{time_total}]\n' | show; echo; done
SID=$(newsession $V); echo "### SID=$SID"
echo "### Q2 tools/list"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" -w '[time_total=%{time_total}]\n' | show
echo "### Q2 ping"; post '{"jsonrpc":"2.0","id":3,"method":"ping"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" -w '[time_total=%{time_total}]\n' | show
echo "### Q3 notifications/initialized"; post '{"jsonrpc":"2.0","method":"notifications/initialized"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" -w '[bytes=%{size_download}]\n' | show
echo "### Q4 GET (3 s)"; curl -sS -v -N --max-time 3 "$U" -H 'Accept: text/event-stream' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" 2>&1 | stamp | grep -v -E '^ *[0-9.]+ [*] ' | grep -v -i -E 'date:|user-agent|x-powered' | cut -c1-200
echo "### Q4 GET Last-Event-ID: x (2 s)"; curl -sS -i -N --max-time 2 "$U" -H 'Accept: text/event-stream' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" -H 'Last-Event-ID: x' 2>&1 | show
echo "### Q5 slow tool with progressToken"; [ -n "$TOOL" ] && post "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"$TOOL\",\"arguments\":$ARGS,\"_meta\":{\"progressToken\":\"tok-A\"}}}" -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" | stamp | show
echo "### Q7 tools/list no session"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H "MCP-Protocol-Version: $V" | show
echo; echo "### Q7 tools/list unknown session"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H "Mcp-Session-Id: 00000000-0000-0000-0000-000000000000" -H "MCP-Protocol-Version: $V" | show
echo; echo "### Q7 DELETE"; curl -sS -i -X DELETE "$U" -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" -w '[bytes=%{size_download}]\n' | show
echo; echo "### Q7 tools/list after DELETE"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $V" | show
SID=$(newsession $V)
echo; echo "### Q8 MCP-Protocol-Version: 1999-01-01 (tools/list)"; post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: 1999-01-01" | show
echo; echo "### Q9 Origin: https://evil.example"; post "$(initbody $V)" -H 'Origin: https://evil.example' --max-time 3 | show | head -9
echo; echo "### Q9 Host: evil.example"; post "$(initbody $V)" -H 'Host: evil.example' --max-time 3 | show | head -9
echo; echo "### Q10 OPTIONS preflight"; curl -sS -i -X OPTIONS "$U" -H 'Origin: https://browser-agent.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type, mcp-protocol-version, mcp-session-id, authorization, last-event-id' | show
echo; echo "### Q10 POST initialize with Origin: https://browser-agent.example"; post "$(initbody $V)" -H 'Origin: https://browser-agent.example' --max-time 3 | show | head -9
