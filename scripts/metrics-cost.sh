#!/usr/bin/env bash
# What the metrics cost (issue #12): the same end-to-end load against a suite with metrics on and
# then against one with METRICS_ENABLED=false, one after the other, from one build.
#
#   scripts/metrics-cost.sh [TICKETS] [RATE] [SECONDS]     (defaults 20000, 400, 30)
#
# Prints one JSON line per run ({"metrics": "on"|"off", "flat": {...}, "open": {...}}), as
# `supportctl load end-to-end --json` reports them. Needs a release build:
#   swift build -c release
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${1:-20000} rate=${2:-400} seconds=${3:-30}
ctl=${SUPPORTCTL:-.build/release/supportctl}
[ -x "$ctl" ] || { echo "metrics-cost: $ctl is missing; run swift build -c release first" >&2; exit 69; }

run() { # on|off
    local dir
    dir=$(mktemp -d /tmp/metrics-cost-XXXXXX)
    local enabled=true
    [ "$1" = off ] && enabled=false
    METRICS_ENABLED=$enabled HTTP_RATE_LIMIT_PER_TOKEN=10000000 HTTP_RATE_LIMIT_PER_ACCOUNT=10000000 \
        NOTIFICATION_DIGEST_LIMIT=0 "$ctl" up --data-dir "$dir" --http-port 18480 --bus-port 18701 \
        --ops-port 18710 >"$dir/up.log" 2>&1 &
    local up=$!
    for _ in $(seq 60); do grep -q "SupportDesk is up" "$dir/up.log" 2>/dev/null && break; sleep 0.5; done
    local flat open
    flat=$("$ctl" load end-to-end --data-dir "$dir" --tickets "$tickets" --warmup 1000 --concurrency 64 --json 2>/dev/null)
    open=$("$ctl" load end-to-end --data-dir "$dir" --rate "$rate" --duration "$seconds" --warmup 200 --json 2>/dev/null)
    kill -INT "$up"
    wait "$up" || true
    rm -rf "$dir"
    printf '{"metrics": "%s", "flat": %s, "open": %s}\n' "$1" "$flat" "$open"
}

run on
run off
