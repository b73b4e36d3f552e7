# shared helpers for the curl transcripts (bash 5: $EPOCHREALTIME)
T0=${EPOCHREALTIME/./}
# stamp each line with seconds since T0 (or since $1 microseconds if given), strip CR
stamp() { local base=${1:-$T0}; local l n d; while IFS= read -r l; do n=${EPOCHREALTIME/./}; d=$(( (n - base) / 10000 )); printf '[%3d.%02ds] %s\n' $((d/100)) $((d%100)) "${l%$'\r'}"; done; }
now_us() { echo ${EPOCHREALTIME/./}; }
H_JSON=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
init_body() { # $1 id  $2 version  $3 capabilities-json
  printf '{"jsonrpc":"2.0","id":%s,"method":"initialize","params":{"protocolVersion":"%s","capabilities":%s,"clientInfo":{"name":"curl-transcript","version":"1"}}}' "$1" "$2" "${3:-{\}}"
}
trim() { cut -c1-${1:-300}; }
