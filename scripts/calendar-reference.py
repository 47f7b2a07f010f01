#!/usr/bin/env python3
"""Independent reference for SupportDomain's BusinessCalendar, for differential checks.

Reads a calendar in the same JSON format as BusinessCalendar (one calendar object, or a policy
file with "calendars", picked with --calendar NAME) and cases as JSON lines {"from", "seconds"}
("from" is RFC 3339 or epoch seconds), and prints each case with the "due" instant it computes.
Lines that already carry a "due" (e.g. produced by the Swift side) are checked instead; mismatches
are reported and the exit status is 1.

    python3 scripts/calendar-reference.py calendar.json cases.jsonl
    python3 scripts/calendar-reference.py default-policy.json --calendar brazil-business-hours --random 200 --seed 7
    python3 scripts/calendar-reference.py ... --swift  # print a Swift Testing table of the cases instead

Independence: this shares no code or data with the Swift side. Time zones come from Python's
zoneinfo (system tzdata; Foundation on Linux uses ICU's copy), Easter from python-dateutil, and
business time is found by stepping through time a minute (or a second) at a time and asking
"is this instant inside a business interval?", not by interval arithmetic. The only shared
definition is the documented rule for wall-clock bounds: the first instant at which the local
clock reads that time or later (first occurrence when clocks fall back, the jump instant when
they spring forward).
"""
import argparse
import datetime as dt
import json
import random
import sys
from zoneinfo import ZoneInfo

from dateutil.easter import easter

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UTC = dt.timezone.utc


class Calendar:
    def __init__(self, spec):
        self.name = spec["name"]
        self.zone = ZoneInfo(spec["timeZone"])
        self.always_open = spec.get("alwaysOpen", False)
        self.hours = {}
        for day, intervals in spec.get("hours", {}).items():
            self.hours[DAYS.index(day)] = [(self._minutes(a), self._minutes(b)) for a, b in intervals]
        self.yearly, self.once, self.easter = set(), set(), []
        for holiday in spec.get("holidays", []):
            if isinstance(holiday, dict) and "easter" in holiday:
                self.easter.append(holiday["easter"])
                continue
            text = holiday["date"] if isinstance(holiday, dict) else holiday
            parts = [int(p) for p in text.split("-")]
            if len(parts) == 2:
                self.yearly.add(tuple(parts))
            else:
                self.once.add(dt.date(*parts))
        self.day_cache = {}

    @staticmethod
    def _minutes(text):
        h, m = text.split(":")
        return int(h) * 60 + int(m)

    def is_holiday(self, day):
        if (day.month, day.day) in self.yearly or day in self.once:
            return True
        sundays = [day - dt.timedelta(days=offset) for offset in self.easter]
        return any(easter(sunday.year) == sunday for sunday in sundays)

    def first_instant(self, local):
        """First UTC epoch second whose wall clock reads `local` (naive) or later."""
        valid = []
        stamps = []
        for fold in (0, 1):
            stamp = int(local.replace(tzinfo=self.zone, fold=fold).timestamp())
            stamps.append(stamp)
            if dt.datetime.fromtimestamp(stamp, self.zone).replace(tzinfo=None) == local:
                valid.append(stamp)
        if valid:
            return min(valid)
        lo, hi = min(stamps), max(stamps)  # gap: the clock jumps past `local` somewhere in between
        while lo < hi:
            mid = (lo + hi) // 2
            if dt.datetime.fromtimestamp(mid, self.zone).replace(tzinfo=None) >= local:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def intervals(self, day):
        if day not in self.day_cache:
            result = []
            if not self.is_holiday(day):
                midnight = dt.datetime(day.year, day.month, day.day)
                for a, b in self.hours.get(day.weekday(), []):
                    s = self.first_instant(midnight + dt.timedelta(minutes=a))
                    e = self.first_instant(midnight + dt.timedelta(minutes=b))
                    if e > s:
                        result.append((s, e))
            self.day_cache[day] = result
        return self.day_cache[day]

    def is_business(self, t):
        if self.always_open:
            return True
        day = dt.datetime.fromtimestamp(t, self.zone).date()
        for d in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
            if any(s <= t < e for s, e in self.intervals(d)):
                return True
        return False

    def due(self, start, seconds):
        """Step through time; interval bounds are whole minutes, so whole minutes step at once."""
        t, remaining = start, seconds
        closed_minutes = 0
        while remaining > 0:
            aligned = t % 60 == 0
            if self.is_business(t):
                step = 60 if aligned and remaining >= 60 else 1
                remaining -= step
                closed_minutes = 0
            else:
                step = 60 if aligned else 1
                closed_minutes += 1
                if closed_minutes > 60 * 24 * 3660:
                    return None
            t += step
        return t


def parse_instant(value):
    if isinstance(value, (int, float)):
        return int(value)
    return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def iso(t):
    return dt.datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Instants near the DST changes the Swift tests reason about, to bias random cases toward them.
INTERESTING = ["2018-11-02T12:00:00Z", "2019-02-15T12:00:00Z", "2026-03-06T12:00:00Z",
               "2026-10-30T12:00:00Z", "2026-03-27T12:00:00Z", "2026-10-23T12:00:00Z",
               "2027-02-05T12:00:00Z", "2027-03-24T12:00:00Z", "2026-12-23T12:00:00Z"]


def random_cases(count, seed, business_day):
    rng = random.Random(seed)
    lo, hi = parse_instant("2018-01-01T00:00:00Z"), parse_instant("2031-01-01T00:00:00Z")
    for i in range(count):
        if i % 2:
            start = parse_instant(rng.choice(INTERESTING)) + rng.randint(-2 * 86400, 3 * 86400)
        else:
            start = rng.randint(lo, hi)
        if rng.random() < 0.3:
            start -= start % 60
        seconds = rng.choice([0, 60, 1800, 3600, business_day, 2 * business_day, 3 * business_day,
                              rng.randint(1, 3 * business_day)])
        yield {"from": start, "seconds": seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("calendar", help="calendar JSON, or a policy JSON with --calendar")
    parser.add_argument("cases", nargs="?", help="JSON lines {from, seconds[, due]}; default stdin")
    parser.add_argument("--calendar", dest="name", help="pick this calendar from a policy file")
    parser.add_argument("--random", type=int, help="generate this many random cases instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--business-day", type=int, default=36000, help="seconds for random amounts")
    parser.add_argument("--swift", action="store_true", help="print a Swift array literal of the cases")
    args = parser.parse_args()

    with open(args.calendar) as f:
        spec = json.load(f)
    if "calendars" in spec:
        spec = next(c for c in spec["calendars"] if c["name"] == args.name)
    calendar = Calendar(spec)

    if args.random:
        cases = list(random_cases(args.random, args.seed, args.business_day))
    else:
        stream = open(args.cases) if args.cases else sys.stdin
        cases = [json.loads(line) for line in stream if line.strip()]

    mismatches = 0
    rows = []
    for case in cases:
        start = parse_instant(case["from"])
        seconds = int(case["seconds"])
        due = start if seconds <= 0 else calendar.due(start, seconds)
        if "due" in case:
            expected = parse_instant(case["due"])
            if expected != due:
                mismatches += 1
                print(f"MISMATCH from={iso(start)} seconds={seconds}: given {iso(expected)}, reference {iso(due)}")
            continue
        rows.append((start, seconds, due))
        if not args.swift:
            print(json.dumps({"from": iso(start), "seconds": seconds, "due": iso(due) if due else None}))
    if args.swift:
        for start, seconds, due in rows:
            print(f"        ({start}, {seconds}, {due}),  // {iso(start)} + {seconds}s → {iso(due)}")
    if mismatches:
        print(f"{mismatches} of {len(cases)} cases differ", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
