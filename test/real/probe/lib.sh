# Curl helpers for the wire transcripts. Source with U=<endpoint URL>.
# Every request goes to $U (127.0.0.1).
H_JSON=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
# stamp: prefix each line with seconds since start (2 decimals)
stamp() { perl -MTime::HiRes=time -e '$|=1; $t=time; while(<STDIN>){ s/\r//; printf "%6.2f %s", time-$t, $_ }'; }
initbody() { # protocolVersion [capabilities-json]
  printf '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":%s,"clientInfo":{"name":"curl","version":"0"}}}' "$1" "${2:-{\}}"
}
# post BODY [extra curl args...]: prints status line, headers, body (stream), -N, 10 s cap
post() { local b="$1"; shift; curl -sS -i -N --max-time "${MT:-10}" -X POST "$U" "${H_JSON[@]}" "$@" -d "$b"; }
# sid from an initialize: sets SID (and prints the response)
newsession() { # version [caps]
  local out; out=$(post "$(initbody "$1" "${2:-{\}}")" --max-time 5)
  SID=$(printf '%s' "$out" | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
  post '{"jsonrpc":"2.0","method":"notifications/initialized"}' -H "Mcp-Session-Id: $SID" -H "MCP-Protocol-Version: $1" >/dev/null
  echo "$SID"
}
# getstream FILE MAXTIME [extra curl args]: background GET stream, stamped, into FILE
getstream() { local f="$1" mt="$2"; shift 2; (curl -sS -i -N --max-time "$mt" "$U" -H 'Accept: text/event-stream' "$@" 2>&1 | stamp > "$f") & }
hdr() { printf -- "-H\nMcp-Session-Id: %s\n-H\nMCP-Protocol-Version: %s\n" "$1" "$2"; }
