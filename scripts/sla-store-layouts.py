#!/usr/bin/env python3
"""What the sla store's layout allows at most: its statements alone, through Python's sqlite3.

Replays the SQL of `supportctl load sla --clocks 100000 --updates 200000` on bytes made in
advance (no rules, no encoding, no Swift), with the same schema, the same batch of 512 in one
synced transaction (WAL, synchronous=FULL), unsynced outbox deletes, and the same folds (50,000
waiting tickets, written in ticket order, 500 rows a transaction). Then it takes the layout
apart one layer at a time, so BENCHMARKS.md can say which part of the store stands between the
service and 50,000 updates a second. Python adds a few microseconds per statement, so each rate
is a floor of what SQLite does with that layout.

Usage: scripts/sla-store-layouts.py [--updates N] [--tickets N] [--dir DIR] [--json]
Example: python3 scripts/sla-store-layouts.py --updates 100000
"""
import argparse
import json
import os
import random
import sqlite3
import tempfile
import time

SCHEMA = """
CREATE TABLE ticket_clocks (ticket_id TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL, next_fire_at REAL,
  running INTEGER NOT NULL DEFAULT 0, paused INTEGER NOT NULL DEFAULT 0, breached INTEGER NOT NULL DEFAULT 0,
  due1 REAL, due2 REAL, due3 REAL) WITHOUT ROWID;
CREATE TABLE clock_journal (seq INTEGER PRIMARY KEY, bodies BLOB NOT NULL);
CREATE TABLE outbox (event_id TEXT NOT NULL, role TEXT NOT NULL, envelope BLOB NOT NULL, created_at REAL NOT NULL,
  PRIMARY KEY (event_id, role)) WITHOUT ROWID;
CREATE TABLE outbox_batch (seq INTEGER PRIMARY KEY, items BLOB NOT NULL, created_at REAL NOT NULL);
CREATE TABLE inbox (event_id TEXT PRIMARY KEY NOT NULL, processed_at REAL NOT NULL) WITHOUT ROWID;
"""
DUE_INDEX = "CREATE INDEX ticket_clocks_due ON ticket_clocks (next_fire_at) WHERE next_fire_at IS NOT NULL"
UPSERT = """INSERT INTO ticket_clocks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET
  body = excluded.body, next_fire_at = excluded.next_fire_at, running = excluded.running, paused = excluded.paused,
  breached = excluded.breached, due1 = excluded.due1, due2 = excluded.due2, due3 = excluded.due3"""
BATCH, CHUNK, FOLD_TICKETS, FOLD_CHUNK = 512, 128, 50_000, 500
BODY, ENVELOPE = 300, 800  # bytes: a binary clock body, an sla.* envelope (BENCHMARKS.md)

# Layers, cumulative: the layout as it is, then one change more each.
LAYOUTS = [
    ("the store as it is: a row per event in the outbox", dict(outbox_batch=False, due_index=True, inbox_batch=False, fold=True)),
    ("+ a transaction's hand-offs as one outbox row (landed)", dict(outbox_batch=True, due_index=True, inbox_batch=False, fold=True)),
    ("+ no due-time index on the rows (the timer's schedule kept elsewhere)", dict(outbox_batch=True, due_index=False, inbox_batch=False, fold=True)),
    ("+ the batch's event ids in its journal row instead of inbox rows", dict(outbox_batch=True, due_index=False, inbox_batch=True, fold=True)),
    ("+ no per-ticket row rewrites (folds)", dict(outbox_batch=True, due_index=False, inbox_batch=True, fold=False)),
]


def event_id(millis):
    return "%012x-7000-8000-%012x" % (millis, random.getrandbits(48))


def run(folder, tickets, updates, outbox_batch, due_index, inbox_batch, fold):
    path = os.path.join(folder, "layout-%d.sqlite" % random.getrandbits(32))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    db.executescript(SCHEMA)
    if due_index:
        db.execute(DUE_INDEX)
    base = 1_795_800_000_000
    ids = [event_id(base + n) for n in range(tickets)]
    body, envelope = os.urandom(BODY), os.urandom(ENVELOPE)

    def row(ticket):
        return (ids[ticket], body, base / 1000 + random.random() * 1e6, 2, 0, 0, 1.0, 2.0, None)

    db.execute("BEGIN")
    db.executemany("INSERT INTO ticket_clocks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (row(t) for t in range(tickets)))
    db.execute("COMMIT")

    unfolded, folds, started, done = set(), 0.0, time.perf_counter(), 0
    while done < updates:
        events = [event_id(base + 10_000_000 + done + i) for i in range(BATCH)]
        touched = [random.randrange(tickets) for _ in range(BATCH)]
        db.execute("BEGIN")
        if not inbox_batch:
            for i in range(0, BATCH, CHUNK):
                chunk = events[i:i + CHUNK]
                db.execute(
                    "INSERT INTO inbox VALUES %s ON CONFLICT DO NOTHING RETURNING event_id" % ", ".join(["(?, ?)"] * len(chunk)),
                    [v for e in chunk for v in (e, 1.0)]).fetchall()
        ids_blob = "".join(events).encode() if inbox_batch else b""
        db.execute("INSERT INTO clock_journal (bodies) VALUES (?)", (body * BATCH + ids_blob,))
        if outbox_batch:
            seq = db.execute("INSERT INTO outbox_batch (items, created_at) VALUES (?, 1.0) RETURNING seq", (envelope * BATCH,)).fetchone()[0]
        else:
            db.executemany("INSERT INTO outbox VALUES (?, 'intake', ?, 1.0) ON CONFLICT DO NOTHING", ((e, envelope) for e in events))
        db.execute("COMMIT")
        # The acknowledged hand-offs, deleted without a sync.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
        if outbox_batch:
            db.execute("DELETE FROM outbox_batch WHERE seq = ?", (seq,))
        else:
            for i in range(0, BATCH, CHUNK):
                chunk = events[i:i + CHUNK]
                db.execute("DELETE FROM outbox WHERE role = 'intake' AND event_id IN (%s)" % ", ".join("?" * len(chunk)), chunk)
        db.execute("COMMIT")
        db.execute("PRAGMA synchronous=FULL")
        unfolded.update(touched)
        done += BATCH
        if fold and (len(unfolded) >= FOLD_TICKETS or done >= updates):
            fold_started = time.perf_counter()
            waiting = sorted(unfolded)
            db.execute("PRAGMA synchronous=OFF")
            for i in range(0, len(waiting), FOLD_CHUNK):
                db.execute("BEGIN")
                db.executemany(UPSERT, (row(t) for t in waiting[i:i + FOLD_CHUNK]))
                db.execute("COMMIT")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN")
            db.execute("DELETE FROM clock_journal")
            db.execute("COMMIT")
            unfolded.clear()
            folds += time.perf_counter() - fold_started
    seconds = time.perf_counter() - started
    db.close()
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass
    return updates / seconds, folds / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Example: python3 scripts/sla-store-layouts.py --updates 100000")
    parser.add_argument("--updates", type=int, default=200_000, help="clock updates per layout (default 200000)")
    parser.add_argument("--tickets", type=int, default=100_000, help="open tickets (default 100000)")
    parser.add_argument("--dir", default=None, help="folder for the SQLite files (default: a new temporary folder)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per layout")
    args = parser.parse_args()
    folder = args.dir or tempfile.mkdtemp(prefix="sla-layouts-")
    for name, layout in LAYOUTS:
        rate, fold_share = run(folder, args.tickets, args.updates, **layout)
        if args.json:
            print(json.dumps({"layout": name, **layout, "updatesPerSecond": round(rate), "foldShare": round(fold_share, 3)}))
        else:
            print(f"{rate:9,.0f} updates/s  (folds {100 * fold_share:4.1f} % of the time)  {name}", flush=True)
    if not args.dir:
        os.rmdir(folder)


if __name__ == "__main__":
    main()
