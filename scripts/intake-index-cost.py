#!/usr/bin/env python3
"""What intake's indexes and idempotency rows cost SQLite alone (BENCHMARKS.md, "Intake over
ZeroMQ: what stands in the way of 50,000 tickets a second").

Takes intake's real schema from a store that `supportctl token create` makes, then writes the
same kind of rows as a ticket creation (the account's counter, the ticket, its outbox row, the
idempotency key) 512 tickets a transaction, WAL, synchronous=FULL, in three variants: the schema
as it is; without the ticket table's secondary indexes (those named ticket_*); and also without
the idempotency row. Python's own cost per statement is included, so compare the variants with
each other, not with `supportctl load intake-zmq`'s "SQLite alone".

    python3 scripts/intake-index-cost.py [--supportctl .build/release/supportctl] [--tickets 30000] [--runs 2]
"""
import argparse
import os
import sqlite3
import subprocess
import tempfile
import time
import uuid

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--supportctl", default=".build/release/supportctl")
parser.add_argument("--tickets", type=int, default=30000)
parser.add_argument("--runs", type=int, default=2)
arguments = parser.parse_args()

folder = tempfile.mkdtemp(prefix="intake-index-cost-")
template = os.path.join(folder, "template.sqlite")
open(template, "w").close()  # `token create` opens (and migrates) an existing file only
subprocess.run([arguments.supportctl, "token", "create", "--store", template, "--name", "x", "--scope", "admin"],
               check=True, stdout=subprocess.DEVNULL)
schema = [sql for (sql,) in sqlite3.connect(template).execute(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]


def run(variant):
    path = os.path.join(folder, variant + ".sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    for sql in schema:
        if variant != "as-is" and sql.startswith("CREATE INDEX ticket_"):
            continue
        db.execute(sql)
    body, envelope, request_hash = os.urandom(450), os.urandom(1100), os.urandom(32)
    now = time.time()
    started = time.time()
    for first in range(0, arguments.tickets, 512):
        db.execute("BEGIN")
        for n in range(first, min(arguments.tickets, first + 512)):
            # Time-ordered ids, as intake's UUIDv7s are.
            ticket = "%016x-%s" % (int((now + n / 1000) * 1e6), uuid.uuid4().hex[:16])
            db.execute("INSERT INTO account_counter (account, last) VALUES ('bench', 1) "
                       "ON CONFLICT (account) DO UPDATE SET last = last + 1")
            db.execute("INSERT INTO ticket (id, number, account, requester, created_at, status, updated_at, body, channel) "
                       "VALUES (?, ?, 'bench', 'u-bench', ?, 'new', ?, ?, 'portal')", (ticket, n + 1, now + n / 1000, now, body))
            db.execute("INSERT INTO outbox (event_id, role, envelope, created_at) VALUES (?, 'classification', ?, ?)",
                       (ticket, envelope, now))
            if variant != "no-secondary-indexes-no-idempotency":
                db.execute("INSERT INTO idempotency_key (token_id, key, request_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)",
                           ("bench", uuid.uuid4().hex, request_hash, ticket, now))
        db.execute("COMMIT")
    return arguments.tickets / (time.time() - started)


for _ in range(arguments.runs):
    for variant in ("as-is", "no-secondary-indexes", "no-secondary-indexes-no-idempotency"):
        print(f"{variant}: {int(run(variant))} tickets/s", flush=True)
subprocess.run(["rm", "-rf", folder])
