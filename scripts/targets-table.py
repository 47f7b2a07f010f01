#!/usr/bin/env python3
"""Prints BENCHMARKS.md's "Where each target stands" table from a scripts/targets-run.sh file,
and with --svg draws its chart (no dependencies).

    python3 scripts/targets-table.py OUT.jsonl [--svg docs/targets.svg]

One row per target of issue #8: what was measured, the baseline the same command measured in
the same run, whether the target holds, and the command. The chart puts each throughput and
each of its baselines on one scale, as a share of the target: where a baseline layer (the
transport alone, the store alone, SQLite alone) stops short of the target, nothing built on it
can reach it. Only what the file holds is shown; nothing here is typed in by hand.
"""
import json
import sys

runs = {}
for line in open(sys.argv[1]):
    if line.strip():
        record = json.loads(line)
        runs[record["run"]] = record


def n(value):
    return f"{int(value):,}"


def ms(latency, key="p99"):
    return f"{latency.get(key, 0):.1f} ms"


def mark(ok):
    return "✅" if ok else "❌"


rows = []
if "bus" in runs:
    b = runs["bus"]
    share = b["brokerPlainPerSecond"] / b["rawPerSecond"]
    rows.append((
        "bus: ≥ 50 % of raw libzmq, 200-byte events",
        f"broker {n(b['brokerPlainPerSecond'])} /s = **{share:.0%}** of raw; with CURVE {n(b['brokerCurvePerSecond'])} /s = "
        f"{b['brokerCurvePerSecond'] / b['rawCurvePerSecond']:.0%} of raw CURVE",
        f"raw libzmq PUB→SUB {n(b['rawPerSecond'])} /s; with CURVE {n(b['rawCurvePerSecond'])} /s",
        mark(share >= 0.5), b["command"]))
# Intake over each transport: the flat-out rate against its three baselines, then the latency
# at 2,000 a second against the transport alone at the same rate.
for run, transport, target, baseline_name, latency_name in (
        ("intake-http", "HTTP", 20000, "minimal Hummingbird endpoint", "minimal endpoint"),
        ("intake-zmq", "ZeroMQ", 50000, "raw libzmq ROUTER", "raw libzmq")):
    if run in runs:
        r = runs[run]
        store = r.get("storeBaseline", {})
        rows.append((
            f"intake over {transport}: ≥ {target:,} committed tickets/s",
            f"**{n(r['ticketsPerSecond'])} /s**",
            f"{baseline_name} {n(r.get('baseline', {}).get('requestsPerSecond', 0))} /s; intake's store alone "
            f"{n(store.get('storePerSecond', 0))} /s; SQLite alone {n(store.get('sqlitePerSecond', 0))} /s",
            mark(r["ticketsPerSecond"] >= target), r["command"]))
    if run + "-2000" in runs:
        r = runs[run + "-2000"]
        latency = r["latencyMs"]
        rows.append((
            f"intake over {transport}: p99 answer < 5 ms at 2,000/s",
            f"p50 {ms(latency, 'p50')}, **p99 {ms(latency)}**, max {ms(latency, 'max')}",
            f"{latency_name} at the same rate: p99 {ms(r.get('baseline', {}).get('latencyMs', {}))}",
            mark(latency.get("p99", 1e9) < 5), r["command"]))
if "classification" in runs:
    r = runs["classification"]
    rows.append((
        "classification: ≥ 50,000 tickets/s per instance",
        f"**{n(r['perSecond'])} /s** (hand-off to DONE p99 {ms(r['handOffLatencyMs'])})",
        f"the classifier alone {n(r['baseline']['classifierAlonePerSecond'])} /s",
        mark(r["perSecond"] >= 50000), r["command"]))
if "sla" in runs:
    r = runs["sla"]
    rows.append((
        "sla: ≥ 50,000 durable clock updates/s",
        f"**{n(r['updatesPerSecond'])} /s** with {n(r['tickets'])} open tickets"
        + (f", {r['cpuMicrosecondsPerUpdate']} µs of CPU each" if "cpuMicrosecondsPerUpdate" in r else ""),
        f"the same updates in memory {n(r['engineUpdatesPerSecond'])} /s"
        + (f"; the store alone {n(r['storeAloneUpdatesPerSecond'])} /s" if "storeAloneUpdatesPerSecond" in r else "")
        + (f", {r['storeAloneCpuMicrosecondsPerUpdate']} µs each" if "storeAloneCpuMicrosecondsPerUpdate" in r else ""),
        mark(r["updatesPerSecond"] >= 50000), r["command"]))
if "sla-million" in runs:
    r = runs["sla-million"]
    mib = r["peakResidentBytes"] / (1 << 20)
    rows.append((
        "sla: 1,000,000 open clocks < 1 GiB",
        f"**{mib:,.0f} MiB** peak resident with {n(r['tickets'])} tickets; updates on them {n(r['updatesPerSecond'])} /s",
        "—", mark(mib < 1024), r["command"]))
if "notification" in runs:
    r = runs["notification"]
    rows.append((
        "notification: ≥ 5,000 webhook deliveries/s",
        f"**{n(r['deliveriesPerSecond'])} /s**, {r['cpuMicrosecondsPerDelivery']} µs of CPU each",
        f"raw POSTs, same client and receiver {n(r['rawPostsPerSecond'])} /s, {r['cpuMicrosecondsPerRawPost']} µs each",
        mark(r["deliveriesPerSecond"] >= 5000), r["command"]))
if "targets" in runs:
    r = runs["targets"]
    flat, open_ = r["flat"], r["open"]
    rows.append((
        "end to end: ≥ 10,000 tickets/s for a minute",
        f"flat out **{n(flat['ticketsPerSecond'])} tickets/s** ({n(flat['acknowledged'])} acknowledged)",
        "—", mark(flat["ticketsPerSecond"] >= 10000), r["command"]))
    rows.append((
        "end to end: p99 < 50 ms at 2,000/s",
        f"at {n(open_['acceptedPerSecond'])} /s ({n(open_['acknowledged'])} of {n(open_['accepted'])} acknowledged): "
        f"p50 {ms(open_['endToEndLatencyMs'], 'p50')}, **p99 {ms(open_['endToEndLatencyMs'])}**",
        "—", mark(False), r["command"]))

print("| target | measured | baseline (same run) | | command |")
print("|---|---|---|---|---|")
for target, measured, baseline, ok, command in rows:
    print(f"| {target} | {measured} | {baseline} | {ok} | `{command}` |")


def bars():
    """(label, target, measured, [(baseline label, value)]) for each throughput target."""
    out = []
    if "bus" in runs:
        b = runs["bus"]
        out.append(("bus (target: half of raw)", b["rawPerSecond"] / 2, b["brokerPlainPerSecond"],
                    [("raw libzmq", b["rawPerSecond"])]))
    for run, label, target, transport in (("intake-http", "intake, HTTP", 20000, "minimal Hummingbird"),
                                          ("intake-zmq", "intake, ZeroMQ", 50000, "raw libzmq ROUTER")):
        if run in runs:
            r = runs[run]
            store = r.get("storeBaseline", {})
            out.append((label, target, r["ticketsPerSecond"],
                        [(transport, r.get("baseline", {}).get("requestsPerSecond", 0)),
                         ("store alone", store.get("storePerSecond", 0)), ("SQLite alone", store.get("sqlitePerSecond", 0))]))
    if "classification" in runs:
        r = runs["classification"]
        out.append(("classification", 50000, r["perSecond"],
                    [("classifier alone", r["baseline"]["classifierAlonePerSecond"])]))
    if "sla" in runs:
        r = runs["sla"]
        out.append(("sla clock updates", 50000, r["updatesPerSecond"],
                    [("rules in memory", r["engineUpdatesPerSecond"])]
                    + ([("store alone", r["storeAloneUpdatesPerSecond"])] if "storeAloneUpdatesPerSecond" in r else [])))
    if "notification" in runs:
        r = runs["notification"]
        out.append(("notification", 5000, r["deliveriesPerSecond"], [("raw POSTs", r["rawPostsPerSecond"])]))
    if "targets" in runs:
        out.append(("end to end", 10000, runs["targets"]["flat"]["ticketsPerSecond"], []))
    return out


def svg(path):
    import math
    data = bars()
    width, left, right, top, line = 860, 190, 40, 64, 14
    heights = [30 + line * len(baselines) for _, _, _, baselines in data]
    height = top + sum(heights) + 36
    low, high = 0.01, 20.0  # 1 % to 2,000 % of the target, log scale
    span = width - left - right

    def x(share):
        share = min(max(share, low), high)
        return left + span * (math.log10(share) - math.log10(low)) / (math.log10(high) - math.log10(low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14">Each target\'s measured rate (bar) and its baselines (marks), as a share of the target</text>',
           f'<text x="{left}" y="38" fill="#555">log scale; the black line is the target; one machine, one sitting (scripts/targets-run.sh)</text>']
    for share in (0.01, 0.1, 1, 10):
        out.append(f'<line x1="{x(share):.1f}" x2="{x(share):.1f}" y1="{top - 8}" y2="{height - 30}" '
                   f'stroke="{"#333" if share == 1 else "#ddd"}" stroke-width="{2 if share == 1 else 1}"/>')
        out.append(f'<text x="{x(share):.1f}" y="{height - 14}" text-anchor="middle">{share * 100:g} %</text>')
    y = top
    for (label, target, measured, baselines), rowHeight in zip(data, heights):
        share = measured / target
        color = "#5cb85c" if share >= 1 else "#4a90d9"
        out.append(f'<text x="{left - 10}" y="{y + 16}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{x(share) - left:.1f}" height="16" fill="{color}"/>')
        out.append(f'<text x="{x(share) + 4:.1f}" y="{y + 16}">{measured:,.0f} /s ({share:.0%})</text>')
        for j, (name, value) in enumerate(baselines):
            if not value:
                continue
            by, bx = y + 24 + j * line, x(value / target)
            out.append(f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{by}" y2="{by + line - 2}" stroke="#777" stroke-width="3"/>')
            text = f"{name} {value:,.0f} /s"
            # A label that would run past the right edge goes on the mark's left instead.
            if bx + 5 + 5.6 * len(text) > width - 4:
                out.append(f'<text x="{bx - 5:.1f}" y="{by + 10}" font-size="10" fill="#555" text-anchor="end">{text}</text>')
            else:
                out.append(f'<text x="{bx + 5:.1f}" y="{by + 10}" font-size="10" fill="#555">{text}</text>')
        y += rowHeight
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


if "--svg" in sys.argv:
    svg(sys.argv[sys.argv.index("--svg") + 1])
