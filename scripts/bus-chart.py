#!/usr/bin/env python3
"""Draws BENCHMARKS.md's bus chart (an SVG, no dependencies) from `supportctl load bus --json`
results: raw libzmq, the broker in plain text, the broker with CURVE, per message size.

    supportctl load bus --messages 300000 --json > 1k.json
    supportctl load bus --messages 300000 --size 256 --json > 256.json
    python3 scripts/bus-chart.py 1k.json 256.json > docs/bus-throughput.svg
"""
import json
import sys

runs = [json.load(open(path)) for path in sys.argv[1:]]
series = [("raw libzmq PUB→SUB", "rawPerSecond", "#9e9e9e"), ("broker, plain text", "brokerPlainPerSecond", "#4a90d9"),
          ("broker, CURVE", "brokerCurvePerSecond", "#d9534f")]
width, height, left, bottom, top = 640, 320, 70, 50, 40
peak = max(run[key] for run in runs for _, key, _ in series)
scale = (height - bottom - top) / peak
group = (width - left - 20) / len(runs)
bar = group / (len(series) + 1)
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="20" font-size="14">Event stream messages per second, one publisher → one subscriber, loopback TCP</text>']
for step in range(0, int(peak) + 1, 200_000):
    y = height - bottom - step * scale
    out.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
    out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{step // 1000}k</text>')
for i, run in enumerate(runs):
    x0 = left + i * group + bar / 2
    for j, (label, key, color) in enumerate(series):
        value = run[key]
        x = x0 + j * bar
        y = height - bottom - value * scale
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" height="{value * scale:.1f}" fill="{color}"/>')
        out.append(f'<text x="{x + (bar - 4) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{value // 1000}k</text>')
    out.append(f'<text x="{x0 + 1.5 * bar:.1f}" y="{height - bottom + 18}" text-anchor="middle">{run["size"]}-byte messages</text>')
for j, (label, _, color) in enumerate(series):
    x = left + j * 190
    out.append(f'<rect x="{x}" y="{height - 18}" width="10" height="10" fill="{color}"/>')
    out.append(f'<text x="{x + 14}" y="{height - 9}">{label}</text>')
out.append("</svg>")
print("\n".join(out))
