#!/usr/bin/env bash
# End to end on SQLite and on PostgreSQL (issue #13), one after the other from one build: the
# same load against `supportctl up` with every store a SQLite file, then with intake, sla and
# notification on the PostgreSQL server given (an empty database), one instance of each.
#
#   scripts/store-compare.sh POSTGRES_URL [TICKETS] [RATE] [SECONDS]     (defaults 10000, 200, 30)
#
# Prints one JSON line per run, as scripts/end-to-end-run.sh does. Needs a release build:
#   swift build -c release
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: scripts/store-compare.sh postgres://user:password@host:port/database [TICKETS] [RATE] [SECONDS]" >&2; exit 64; }
url=$1 tickets=${2:-10000} rate=${3:-200} seconds=${4:-30}
bash scripts/end-to-end-run.sh "sqlite" "$tickets" "$rate" "$seconds"
bash scripts/end-to-end-run.sh "postgres" "$tickets" "$rate" "$seconds" --postgres "$url"
