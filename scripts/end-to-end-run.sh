#!/usr/bin/env bash
# One end-to-end load run against a fresh `supportctl up`, the part scripts/metrics-cost.sh and
# scripts/store-compare.sh share: start the suite (rate limits and digests out of the way), run
# `supportctl load end-to-end` flat out and then at a fixed rate, stop the suite.
#
#   scripts/end-to-end-run.sh LABEL TICKETS RATE SECONDS [UP ARGUMENTS…]
#
# Extra settings come from the environment (METRICS_ENABLED=false …). Prints one JSON line:
# {"run": LABEL, "flat": {...}, "open": {...}}, as `supportctl load end-to-end --json` reports.
set -euo pipefail
cd "$(dirname "$0")/.."
label=$1 tickets=$2 rate=$3 seconds=$4
shift 4
ctl=${SUPPORTCTL:-.build/release/supportctl}
[ -x "$ctl" ] || { echo "end-to-end-run: $ctl is missing; run swift build -c release first" >&2; exit 69; }

dir=$(mktemp -d /tmp/end-to-end-XXXXXX)
HTTP_RATE_LIMIT_PER_TOKEN=10000000 HTTP_RATE_LIMIT_PER_ACCOUNT=10000000 NOTIFICATION_DIGEST_LIMIT=0 \
    "$ctl" up --data-dir "$dir" --http-port 18480 --bus-port 18701 --ops-port 18710 "$@" >"$dir/up.log" 2>&1 &
up=$!
for _ in $(seq 60); do grep -q "SupportDesk is up" "$dir/up.log" 2>/dev/null && break; sleep 0.5; done
grep -q "SupportDesk is up" "$dir/up.log" || { cat "$dir/up.log" >&2; kill -INT "$up"; exit 1; }
flat=$("$ctl" load end-to-end --data-dir "$dir" --tickets "$tickets" --warmup 1000 --concurrency 64 --json 2>/dev/null)
open=$("$ctl" load end-to-end --data-dir "$dir" --rate "$rate" --duration "$seconds" --warmup 200 --json 2>/dev/null)
kill -INT "$up"
wait "$up" || true
rm -rf "$dir"
printf '{"run": "%s", "flat": %s, "open": %s}\n' "$label" "$flat" "$open"
