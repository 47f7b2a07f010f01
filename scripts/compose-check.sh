#!/usr/bin/env bash
# The whole container path on a machine without a Docker engine or a registry (see
# ../shared/ENVIRONMENT.md): builds the binaries and the images, starts the suite with
# podman-compose, waits for every health check, posts tickets through the published port,
# tails the bus from the host and sees each ticket's events, scales classification to 3 and
# shows all three take work, then tears everything down.
#
#   bash scripts/compose-check.sh            # the full path (about 13 minutes on 2 cores, most of it the build)
#   bash scripts/compose-check.sh --config   # only check compose.yaml and the Containerfile targets
#
# Needs: podman, podman-compose, debootstrap, runc and podman's dnsname plugin (Debian packages
# podman podman-compose debootstrap runc golang-github-containernetworking-plugin-dnsname). Ports (override with the
# environment): SUPPORTDESK_HTTP_PORT=18080, SUPPORTDESK_BUS_PORT=17702, SUPPORTDESK_HISTORY_PORT=17704.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }
fail() { printf 'compose-check: %s\n' "$*" >&2; exit 1; }

for tool in podman podman-compose debootstrap runc strip curl; do
    command -v "$tool" > /dev/null || fail "missing $tool: apt-get install podman podman-compose debootstrap runc binutils curl"
done
[ -e /usr/lib/cni/dnsname ] || fail "missing podman's dnsname plugin (service names between containers): apt-get install golang-github-containernetworking-plugin-dnsname"

mkdir -p .compose
# podman on this host needs runc, cgroupfs and ulimits the sandbox allows (ENVIRONMENT.md).
if [ -z "${CONTAINERS_CONF:-}" ]; then
    export CONTAINERS_CONF="$PWD/.compose/containers.conf"
    cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
fi
export SUPPORTDESK_HTTP_PORT=${SUPPORTDESK_HTTP_PORT:-18080}
export SUPPORTDESK_BUS_PORT=${SUPPORTDESK_BUS_PORT:-17702}
export SUPPORTDESK_HISTORY_PORT=${SUPPORTDESK_HISTORY_PORT:-17704}
export SUPPORTDESK_KEYS="$PWD/.compose/keys"
project=supportdesk-check
compose() { podman-compose -p "$project" -f compose.yaml "$@"; }
services=(bus intake classification sla notification supportctl)

say "checking compose.yaml and the Containerfile targets"
compose --dry-run up --no-build > /dev/null 2>&1 || fail "compose.yaml does not parse (podman-compose --dry-run up)"
for overlay in compose.monitoring.yaml compose.postgres.yaml; do
    SUPPORTDESK_POSTGRES_PASSWORD=check podman-compose -p "$project" -f compose.yaml -f "$overlay" --dry-run up --no-build > /dev/null 2>&1 \
        || fail "compose.yaml with $overlay does not parse (podman-compose --dry-run up)"
done
for target in "${services[@]}"; do
    grep -q "AS ${target}\$" Containerfile || fail "Containerfile has no target ${target}"
    grep -q "AS ${target}-prebuilt\$" Containerfile || fail "Containerfile has no target ${target}-prebuilt"
done
if [ "${1:-}" = "--config" ]; then say "compose.yaml and Containerfile are consistent"; exit 0; fi

say "building the binaries (release, static Swift standard library)"
swift build -c release --static-swift-stdlib
# Debug symbols make each binary ~150 MB; the images need none of them.
mkdir -p .compose/bin
for binary in "${services[@]}"; do strip -o ".compose/bin/${binary}" ".build/release/${binary}"; done

base=localhost/supportdesk-base:bookworm
if ! podman image exists "$base"; then
    say "making the base image with debootstrap (no registry here)"
    rootfs=$(mktemp -d)
    debootstrap --variant=minbase --include=libzmq5,libsqlite3-0,libcurl4,libxml2,ca-certificates bookworm "$rootfs" \
        http://deb.debian.org/debian > .compose/debootstrap.log
    tar -C "$rootfs" -c . | podman import - "$base" > /dev/null
    rm -rf "$rootfs"
fi

for target in "${services[@]}"; do
    say "image localhost/supportdesk-${target}"
    podman build -q -f Containerfile --target "${target}-prebuilt" --build-arg RUNTIME_IMAGE="$base" \
        --build-arg INSTALL_PACKAGES=0 --build-arg BINARIES=.compose/bin -t "localhost/supportdesk-${target}" . > /dev/null
done

cleanup() {
    say "tearing down"
    podman rm -f "${project}_classification_2" "${project}_classification_3" > /dev/null 2>&1 || true
    compose down -v > /dev/null 2>&1 || true
}
trap cleanup EXIT
rm -rf "$SUPPORTDESK_KEYS"
say "starting the suite"
compose up -d --no-build > .compose/up.log 2>&1 || { cat .compose/up.log; fail "podman-compose up failed"; }

say "waiting for every health check"
# podman runs health checks from systemd timers; without systemd (containers, CI) nothing runs
# them, so run each container's own check here until all pass.
deadline=$((SECONDS + 120))
while true; do
    unhealthy=""
    for name in $(podman ps --filter "label=io.podman.compose.project=$project" --format '{{.Names}}' | grep -v '_keys_'); do
        podman healthcheck run "$name" > /dev/null 2>&1 || unhealthy="$unhealthy $name"
    done
    [ -z "$unhealthy" ] && break
    [ $SECONDS -gt $deadline ] && { podman ps -a; fail "not healthy after 120 s:$unhealthy"; }
    sleep 2
done
podman ps --filter "label=io.podman.compose.project=$project" --format '  {{.Names}}  {{.Status}}'

token=$(podman exec "${project}_intake_1" supportctl token create --name compose-check --scope admin \
    --store /data/intake.sqlite --json | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "could not create an API token"

post() {
    curl -sf -X POST "http://127.0.0.1:${SUPPORTDESK_HTTP_PORT}/v1/tickets" -H "Authorization: Bearer $token" \
        -H 'content-type: application/json' \
        -d "{\"account\":\"norte-plus\",\"requester\":\"nina@norte.example\",\"channel\":\"portal\",\"subject\":\"$1\",\"description\":\"Nenhum cliente recebe resposta do bot.\"}" \
        | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

say "posting tickets and tailing the bus from the host"
tail_out=.compose/tail.jsonl
.build/release/supportctl tail --bus "tcp://127.0.0.1:${SUPPORTDESK_BUS_PORT}" --keys "$SUPPORTDESK_KEYS" --json \
    > "$tail_out" 2> .compose/tail.err &
tail_pid=$!
sleep 2
ids=()
for i in 1 2 3; do ids+=("$(post "Compose check $i: bot parou")"); done
for id in "${ids[@]}"; do
    [ -n "$id" ] || fail "a ticket was not accepted"
    for topic in ticket.received ticket.classified sla.started notification.sent; do
        for _ in $(seq 1 60); do grep -q "\"topic\":\"$topic\"" <(grep "$id" "$tail_out") && break; sleep 0.5; done
        grep "$id" "$tail_out" | grep -q "\"topic\":\"$topic\"" || fail "ticket $id: no $topic seen by tail"
    done
    say "ticket $id: received, classified, clocks started, acknowledged"
done

say "scaling classification to 3"
# Docker users scale with `docker compose up -d --scale classification=3`; podman-compose 1.0
# ignores --scale and deploy.replicas, so the extra instances are clones of the first (same
# image, settings, network and alias).
for n in 2 3; do
    podman container clone --name "${project}_classification_${n}" "${project}_classification_1" > /dev/null
    podman start "${project}_classification_${n}" > /dev/null
done
for _ in $(seq 1 30); do
    ready=0
    for n in 1 2 3; do podman healthcheck run "${project}_classification_${n}" > /dev/null 2>&1 && ready=$((ready + 1)); done
    [ "$ready" -eq 3 ] && break
    sleep 1
done
sleep 2
for i in $(seq 1 30); do post "Compose scale $i: o bot caiu" > /dev/null; done
for _ in $(seq 1 60); do
    producers=$(grep '"topic":"ticket.classified"' "$tail_out" | sed -n 's/.*"producer":"\([^"]*\)".*/\1/p' | sort -u | wc -l)
    [ "$producers" -ge 3 ] && break
    sleep 1
done
kill "$tail_pid" 2> /dev/null || true
[ "$producers" -ge 3 ] || fail "only $producers classification instances took work"
say "three classification instances took work"
say "compose check passed"
