#!/bin/sh
# Quick start: install what is missing, build wsc, start a local echo
# endpoint on a free port, and pipe a few messages through wsc.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/setup-debian.sh
[ -x configure ] || ./autogen.sh >/dev/null
mkdir -p _build/demo
cd _build/demo
[ -f Makefile ] || "$top/configure" >/dev/null
make -j2 >/dev/null
wsc=$PWD/src/wsc

# The endpoint is wsc itself: `wsc -l 0 --echo --print-port` listens on a
# free loopback port and prints the port number first.
portfile=$(mktemp)
trap 'kill "$peer" 2>/dev/null; rm -f "$portfile"' EXIT INT TERM
"$wsc" -l 0 --echo --print-port -q >"$portfile" &
peer=$!
i=0
until [ -s "$portfile" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || { echo "demo: echo endpoint did not start" >&2; exit 1; }
	sleep 0.1
done
port=$(head -n 1 "$portfile")
url="ws://127.0.0.1:$port/"

echo "\$ printf 'hello\\\\nfrom wsc\\\\n{\"n\": 1}\\\\n' | wsc -v $url"
printf 'hello\nfrom wsc\n{"n": 1}\n' | "$wsc" -v "$url"
echo "(exit status $?)"
