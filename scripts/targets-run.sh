#!/usr/bin/env bash
# Measures every target of issue #8 in one sitting, one after another on a quiet machine, with
# each command's own baseline, and prints BENCHMARKS.md's "Where each target stands" table.
#
#   swift build -c release && scripts/targets-run.sh [OUT.jsonl]
#
# Each command's `--json` line goes to OUT (default: a new file under /tmp), so the table can be
# rebuilt or checked later with `scripts/targets-table.py OUT`. QUICK=1 skips the million-clock
# memory run (about four minutes of the eleven or so here). Stop other suites first: every load here
# shares the two cores with what it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
ctl=${SUPPORTCTL:-.build/release/supportctl}
[ -x "$ctl" ] || { echo "targets-run: $ctl is missing; run swift build -c release first" >&2; exit 69; }
out=${1:-$(mktemp /tmp/targets-XXXXXX.jsonl)}
: >"$out"

# run NAME COMMAND…: one measurement, its JSON tagged with NAME and the command that made it.
run() {
    local name=$1
    shift
    echo "targets-run: $name: $*" >&2
    local started=$SECONDS
    local line
    if ! line=$("$@" 2>"$out.$name.log" | tail -1); then
        echo "targets-run: $name failed; its output is in $out.$name.log" >&2
        exit 1
    fi
    rm -f "$out.$name.log"
    python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d["run"] = sys.argv[2]; d["command"] = sys.argv[3]; print(json.dumps(d, sort_keys=True))' \
        "$line" "$name" "$(echo "$*" | sed "s|^$ctl|supportctl|")" >>"$out"
    echo "targets-run: $name done in $((SECONDS - started)) s" >&2
}

run bus "$ctl" load bus --messages 300000 --size 200 --json
run intake-http "$ctl" load intake-http --tickets 30000 --warmup 1000 --concurrency 64 --json
run intake-http-2000 "$ctl" load intake-http --rate 2000 --duration 20 --json
run intake-zmq "$ctl" load intake-zmq --tickets 50000 --warmup 2000 --window 512 --json
run intake-zmq-2000 "$ctl" load intake-zmq --rate 2000 --duration 20 --json
run classification "$ctl" load classification --tickets 100000 --warmup 5000 --json
run sla "$ctl" load sla --clocks 100000 --updates 200000 --json
[ "${QUICK:-0}" = 1 ] || run sla-million "$ctl" load sla --clocks 1000000 --updates 100000 --json
run notification "$ctl" load notification --deliveries 30000 --json
# The whole suite: flat out, then at a rate it keeps up with (the script starts and stops it).
echo "targets-run: end-to-end: scripts/end-to-end-run.sh targets 10000 200 30" >&2
e2e=$(SUPPORTCTL=$ctl scripts/end-to-end-run.sh targets 10000 200 30)
python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d["command"] = "scripts/end-to-end-run.sh targets 10000 200 30"; print(json.dumps(d, sort_keys=True))' "$e2e" >>"$out"

echo "targets-run: results in $out" >&2
python3 scripts/targets-table.py "$out"
