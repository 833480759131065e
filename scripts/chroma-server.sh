#!/usr/bin/env bash
# Start a real Chroma server (`chroma run`, the CLI of the chromadb package) on 127.0.0.1, wait until its
# heartbeat answers, and print the RAG_CHROMA_URL to point corpus-chat at it. `make chroma` runs this.
#
#   CHROMA_PORT    port (default 8000)
#   CHROMA_PATH    where the server keeps its data (default: outside the repository, in
#                  ${XDG_DATA_HOME:-~/.local/share}/corpus-chat/chroma); its log goes to $CHROMA_PATH.log
#   CHROMA_DETACH  1: leave the server running in the background and exit (default: stay in the
#                  foreground until Ctrl-C, which stops it)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$repo/.venv/bin
port=${CHROMA_PORT:-8000}
data=${CHROMA_PATH:-${XDG_DATA_HOME:-$HOME/.local/share}/corpus-chat/chroma}
url=http://127.0.0.1:$port
log=$data.log

answers() {
    "$bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "$url/api/v2/heartbeat" 2>/dev/null
}

if [[ ! -x $bin/chroma ]]; then
    echo "error: $bin/chroma not found: run 'make install' first" >&2
    exit 1
fi
if answers; then
    echo "error: something already answers on $url (another Chroma server?); choose CHROMA_PORT" >&2
    exit 1
fi
mkdir -p "$data"
"$bin/chroma" run --path "$data" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
pid=$!
if [[ ${CHROMA_DETACH:-0} != 1 ]]; then
    trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; echo "Chroma server stopped."' EXIT
    trap 'exit 0' INT TERM
fi

for _ in $(seq 1 600); do  # up to a minute
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "error: chroma run exited; the end of $log:" >&2
        tail -n 5 "$log" >&2
        trap - EXIT
        exit 1
    fi
    if answers; then
        echo "Chroma server ready on $url (pid $pid; data in $data; log in $log). Point corpus-chat at it:"
        echo "RAG_CHROMA_URL=$url"
        if [[ ${CHROMA_DETACH:-0} == 1 ]]; then
            echo "It keeps running in the background; stop it with: kill $pid"
            exit 0
        fi
        echo "Ctrl-C stops it."
        wait "$pid"
        exit $?
    fi
    sleep 0.1
done
echo "error: chroma run did not answer on $url within a minute; see $log" >&2
exit 1
