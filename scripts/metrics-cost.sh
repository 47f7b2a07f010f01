#!/usr/bin/env bash
# What the metrics cost (issue #12): the same end-to-end load against a suite with metrics on and
# then against one with METRICS_ENABLED=false, one after the other, from one build.
#
#   scripts/metrics-cost.sh [TICKETS] [RATE] [SECONDS]     (defaults 20000, 400, 30)
#
# Prints one JSON line per run ({"run": "metrics on"|"metrics off", "flat": {...}, "open": {...}}),
# as `supportctl load end-to-end --json` reports them. Needs a release build:
#   swift build -c release
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${1:-20000} rate=${2:-400} seconds=${3:-30}
METRICS_ENABLED=true bash scripts/end-to-end-run.sh "metrics on" "$tickets" "$rate" "$seconds"
METRICS_ENABLED=false bash scripts/end-to-end-run.sh "metrics off" "$tickets" "$rate" "$seconds"
