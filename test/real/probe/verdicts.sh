#!/bin/bash
# verdicts.sh URL OUTPREFIX [--call-tool VALUE]: runs the scanner, prints "id status outcome" per rule
cd ${AR_DIR:-/tmp/ar-head}; export PATH=/work/main/node_modules/.bin:$PATH
url="$1"; out="$2"; shift 2
start=$(date +%s.%N)
node bin/agentready.js scan "$url" --json --no-browser --deadline 60 "$@" > "$out.json" 2> "$out.err"
echo "exit=$? elapsed=$(echo "$(date +%s.%N) - $start" | bc)s" > "$out.txt"
