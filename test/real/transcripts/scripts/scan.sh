#!/usr/bin/env bash
# agentready today: bash scan.sh URL CALLTOOL OUTPREFIX  (run from /work/main with the Node 24 PATH)
URL=$1; CT=$2; OUT=$3
cd /work/main
node bin/agentready.js scan "$URL" --json --no-browser --deadline 60 -o /tmp/ar-report-$$-a --format json > $OUT.plain.json 2> $OUT.plain.err
node bin/agentready.js scan "$URL" --json --no-browser --deadline 60 -o /tmp/ar-report-$$-b --format json --call-tool "$CT" > $OUT.call.json 2> $OUT.call.err
rm -rf /tmp/ar-report-$$-a /tmp/ar-report-$$-b
