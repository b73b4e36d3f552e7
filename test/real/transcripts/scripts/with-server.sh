#!/usr/bin/env bash
# with-server.sh <launcherName> <command...>: starts the server, runs command with $URL set, closes.
export PATH=/work/main/node_modules/.bin:$PATH
L=$1; shift
D=$(mktemp -d); mkfifo $D/in
node "$(dirname "$0")/hold.ts" $L < $D/in > $D/out 2>$D/err &
HP=$!
exec 9>$D/in
for i in $(seq 1 150); do [ -s $D/out ] && break; sleep 0.1; done
export URL=$(head -1 $D/out)
[ -z "$URL" ] && { cat $D/err; exit 1; }
"$@"
exec 9>&-
wait $HP
rm -rf $D
