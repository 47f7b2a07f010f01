#!/usr/bin/env python3
"""Differential check of SupportDomain's BusinessCalendar against pandas' CustomBusinessHour.

    python3 scripts/calendar-pandas-check.py --cases 5000 --seed 1 [--supportctl PATH] [--calendar brazil|lunch|all]

For each calendar it generates N random `add` cases ({"from", "seconds"}) and N random `between`
cases ({"from", "to"}), runs `supportctl calendar add|between` once per operation with all cases
on stdin, computes the expected answers with pandas, and compares. Exit status: 0 when every case
matches, 1 when any differs, 2 on a usage or setup error, 77 when pandas or holidays cannot be
imported (install them with `python3 -m pip install pandas holidays`).

Independence: nothing here is shared with the Swift code or with scripts/calendar-reference.py.

- Business-hour arithmetic is pandas' `CustomBusinessHour` (several intervals per day, a weekmask
  and a holiday list), from PyPI.
- Brazil's holidays come from the PyPI package `holidays` (`holidays.Brazil`): its "public"
  category (New Year, Good Friday, Tiradentes, Labour Day, Independence, Aparecida, All Souls,
  Republic, and Black Consciousness 11-20 from 2024 on) plus, from its "optional" category, the
  entries named "Carnival" (Monday and Tuesday) and "Corpus Christi". `holidays` has 11-20 only
  from 2024, when it became national, while the `brazil` preset applies it every year, so Brazil
  cases start in 2024–2035 only.
- The second calendar ("lunch": Mon–Fri 09:00–12:00 + 13:00–17:30 in America/Sao_Paulo, two
  yearly and a few one-off holidays) is written by this script as a calendar JSON file for
  `supportctl --calendar`, and given to pandas as the same hours and the expanded holiday dates.

pandas works in naive wall-clock time and has no notion of time zones in business hours. Both
calendars are in America/Sao_Paulo, which has kept UTC-03:00 all year since 2019 (no DST); the
script checks that with zoneinfo over the whole tested range and refuses to run otherwise, so
"UTC = local wall clock + 3 h" is exact.

pandas' CustomBusinessHour counts whole hours only (its `n` is an integer number of hours), but it
keeps the seconds of the instant it starts from. A deadline of N business seconds is therefore
computed as follows (see `PandasCalendar.raw_due`): roll the start forward to business time with
pandas (`rollforward`), step back to the opening of the interval it is in (every tested interval
is at least one hour long, so this is a lookup in the configured hours of that wall-clock day), and
write N plus the business seconds already elapsed since that opening as H hours + S seconds with
S < 3600; then `opening + S` is still inside the same interval, and pandas adds the H hours.
Business seconds between two instants are the largest N whose deadline is not after the end
instant, found by bisection over pandas deadlines (pandas has no such operation).

Semantic differences that are conventions, normalised here (nothing else is):
- Landing exactly on a closing time: SupportDomain answers the closing instant (18:00); pandas
  moves on to the next opening (08:00 next business day). Both instants have the same business
  time (no business time runs between them), so they are two names of the same deadline. When
  pandas answers an opening instant (which SupportDomain never can for N > 0, since a deadline is
  strictly after the opening of the interval it falls in and no tested intervals touch), the
  script takes pandas' deadline for N-1 seconds (strictly inside an interval, one second before
  that close) plus one second, and checks with pandas that rolling forward from that close lands
  exactly on the opening pandas gave for N; if not, the case is reported as a mismatch.
- Adding 0 seconds returns the start unchanged (pandas' `n=0` rolls forward); only amounts >= 1
  are generated. Between with `to` not after `from` is 0 (pandas has no such operation).
- pandas treats an interval's end as inside it (`is_on_offset(18:00)` is true); that only affects
  which opening the start is anchored to, not business time.
"""
import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

try:
    import holidays as holidays_lib
    import pandas as pd
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"calendar-pandas-check: cannot import {error.name}: {error}", file=sys.stderr)
    print("install the reference with: python3 -m pip install pandas holidays", file=sys.stderr)
    sys.exit(77)

DAY = 86_400
EPOCH = pd.Timestamp("1970-01-01")
ONE_SECOND = pd.Timedelta(seconds=1)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MAX_AMOUNT = 200 * 3600  # ~200 business hours


def fail(message):
    """A setup error (not a mismatch): exit status 2."""
    print(f"calendar-pandas-check: {message}", file=sys.stderr)
    sys.exit(2)


def minutes(text):
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(seconds_of_day):
    return f"{seconds_of_day // 3600:02d}:{seconds_of_day % 3600 // 60:02d}"


class Calendar:
    """One calendar under test: what supportctl gets and what pandas gets."""

    def __init__(self, name, zone, hours, weekdays, holiday_dates, first_day, last_day, holiday_source,
                 supportctl_args, calendar_json=None):
        self.name = name
        self.zone = zone
        self.hours = hours  # [(start "HH:MM", end "HH:MM")], same every open weekday
        self.weekdays = weekdays  # [0..6], Monday = 0
        self.holiday_dates = sorted(holiday_dates)
        self.first_day, self.last_day = first_day, last_day  # range of generated start dates
        self.holiday_source = holiday_source
        self.supportctl_args = supportctl_args
        self.calendar_json = calendar_json  # written to a file for --calendar, or None for a preset


def brazil_calendar():
    years = range(2024, 2037)  # starts in 2024-01-01 ... 2035-11-30; deadlines at most ~6 weeks later
    dates = set()
    for year in years:
        public = holidays_lib.Brazil(years=year, language="en_US")
        optional = holidays_lib.Brazil(years=year, categories=("optional",), language="en_US")
        dates.update(public.keys())
        picked = [day for day, label in optional.items() if label in ("Carnival", "Corpus Christi")]
        if len(picked) != 3:  # Carnival Monday + Tuesday, Corpus Christi
            fail(f"holidays.Brazil({year}) optional: expected Carnival x2 + Corpus Christi, got "
                             f"{sorted(optional.items())}")
        dates.update(picked)
    return Calendar(
        name="brazil-business-hours (--preset brazil)", zone="America/Sao_Paulo",
        hours=[("08:00", "18:00")], weekdays=[0, 1, 2, 3, 4], holiday_dates=dates,
        first_day=dt.date(2024, 1, 1), last_day=dt.date(2035, 11, 30),
        holiday_source=f"holidays {holidays_lib.__version__} Brazil public + optional Carnival/Corpus Christi",
        supportctl_args=["--preset", "brazil"])


LUNCH_JSON = {
    "name": "sao-paulo-lunch",
    "timeZone": "America/Sao_Paulo",
    "hours": {day: [["09:00", "12:00"], ["13:00", "17:30"]] for day in WEEKDAYS[:5]},
    "holidays": [
        "01-01", {"date": "12-25", "name": "Christmas"},
        "2026-02-16", "2026-02-17",  # Carnival 2026, as one-off dates
        "2027-11-19",  # a Friday bridge day
        "2029-05-31",  # a Thursday
        "2030-12-24", "2030-12-26", "2030-12-27",  # around Christmas (a Wednesday)
        "2032-07-10",  # a Saturday: no effect
        "2034-01-02",  # a Monday after New Year's Day on a Sunday
    ],
}


def lunch_calendar():
    first_year, last_year = 2020, 2036
    dates = set()
    for holiday in LUNCH_JSON["holidays"]:
        text = holiday["date"] if isinstance(holiday, dict) else holiday
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 2:
            dates.update(dt.date(year, *parts) for year in range(first_year, last_year + 1))
        else:
            dates.add(dt.date(*parts))
    hours = [tuple(pair) for pair in LUNCH_JSON["hours"]["mon"]]
    return Calendar(
        name="sao-paulo-lunch (--calendar JSON)", zone=LUNCH_JSON["timeZone"], hours=hours,
        weekdays=[0, 1, 2, 3, 4], holiday_dates=dates,
        first_day=dt.date(first_year, 1, 1), last_day=dt.date(2035, 11, 30),
        holiday_source="the calendar file (yearly dates expanded by this script)",
        supportctl_args=None, calendar_json=LUNCH_JSON)


class PandasCalendar:
    """pandas CustomBusinessHour for a calendar, on naive local wall-clock seconds since 1970."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.intervals = [(minutes(a) * 60, minutes(b) * 60) for a, b in calendar.hours]
        for start, end in self.intervals:
            if end - start < 3600:  # raw_due relies on this
                fail(f"{calendar.name}: intervals shorter than one hour are not supported")
        self.openings = {start for start, _ in self.intervals}
        self.kwargs = dict(
            start=[a for a, _ in calendar.hours], end=[b for _, b in calendar.hours],
            weekmask=" ".join(WEEKDAYS[d].capitalize() for d in calendar.weekdays),
            holidays=calendar.holiday_dates)
        self.one = pd.offsets.CustomBusinessHour(n=1, **self.kwargs)
        self.offsets = {}
        self.utc_offset = self._fixed_utc_offset()

    def _fixed_utc_offset(self):
        """The zone's one UTC offset over the tested range (plus margin), or exit."""
        zone = ZoneInfo(self.calendar.zone)
        day = self.calendar.first_day - dt.timedelta(days=2)
        seen = set()
        while day <= self.calendar.last_day + dt.timedelta(days=120):
            for hour in range(0, 24, 3):
                seen.add(dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone).utcoffset())
            day += dt.timedelta(days=1)
        if len(seen) != 1:
            fail(f"{self.calendar.zone} changes UTC offset in the tested range: pandas cannot model it")
        return int(seen.pop().total_seconds())

    def offset(self, hours):
        if hours not in self.offsets:
            self.offsets[hours] = pd.offsets.CustomBusinessHour(n=hours, **self.kwargs)
        return self.offsets[hours]

    @staticmethod
    def stamp(local):
        return EPOCH + pd.Timedelta(seconds=local)

    @staticmethod
    def seconds(stamp):
        delta = stamp - EPOCH
        if delta % ONE_SECOND:
            raise AssertionError(f"pandas returned a fraction of a second: {stamp}")
        return int(delta // ONE_SECOND)

    def rollforward(self, local):
        return self.seconds(self.one.rollforward(self.stamp(local)))

    def raw_due(self, start, amount):
        """pandas' deadline for `amount` >= 0 business seconds after `start` (local seconds)."""
        rolled = self.rollforward(start)  # start if in business time (end included), else next opening
        tod = rolled % DAY
        opening = next((rolled - tod + a for a, b in self.intervals if a <= tod <= b), None)
        if opening is None:
            raise AssertionError(f"pandas rolled {start} forward to {rolled}, outside business hours")
        hours, rest = divmod(amount + rolled - opening, 3600)
        base = opening + rest  # inside the interval: rest < 3600 <= its length
        if hours == 0:
            return base
        return self.seconds(self.stamp(base) + self.offset(hours))

    def due(self, start, amount):
        """The deadline under SupportDomain's conventions, from pandas (see the module docstring).

        Returns (local seconds, note): note is None, or says why pandas contradicts itself."""
        if amount <= 0:
            return start, None
        result = self.raw_due(start, amount)
        if result % DAY not in self.openings:
            return result, None
        # pandas rolled a deadline that ends exactly at a close on to the next opening.
        close = self.raw_due(start, amount - 1) + 1
        if close % DAY in self.openings or self.rollforward(close + 1) != result:
            return close, (f"pandas gave opening {local_text(result)} for {amount}s but "
                           f"{local_text(close)} for {amount - 1}s + 1s, and they are not the same business time")
        return close, None

    def between(self, start, end):
        """Business seconds from `start` to `end`: the largest N whose deadline is not after `end`."""
        if end <= start:
            return 0, None
        low, high = 0, end - start  # business time never exceeds elapsed time
        notes = None
        while low < high:
            mid = (low + high + 1) // 2
            due, note = self.due(start, mid)
            notes = notes or note
            if due <= end:
                low = mid
            else:
                high = mid - 1
        return low, notes


def local_text(local):
    return (EPOCH + pd.Timedelta(seconds=local)).strftime("%Y-%m-%d %a %H:%M:%S")


class Generator:
    """Random instants and amounts, biased toward closed time, holidays and interval bounds."""

    def __init__(self, calendar, pandas_calendar, rng):
        self.calendar = calendar
        self.pandas = pandas_calendar
        self.rng = rng
        self.days = (calendar.last_day - calendar.first_day).days
        self.bounds = sorted({s for s, _ in pandas_calendar.intervals} | {e for _, e in pandas_calendar.intervals})
        self.holidays = [d for d in calendar.holiday_dates if calendar.first_day <= d <= calendar.last_day]
        lengths = [e - s for s, e in pandas_calendar.intervals]
        self.day_length = sum(lengths)
        self.lengths = lengths

    def time_of_day(self):
        rng = self.rng
        k = rng.random()
        if k < 0.3:
            return rng.randrange(DAY)
        if k < 0.5:  # inside an interval
            start, end = rng.choice(self.pandas.intervals)
            return rng.randrange(start, end)
        if k < 0.9:
            return max(0, min(DAY - 1, rng.choice(self.bounds) + rng.choice([-1, 0, 0, 0, 1, 60, -60])))
        return rng.choice([0, 1, DAY - 1, 12 * 3600])

    def instant(self, near_day=None, max_days=0):
        """Local seconds since 1970; on a day from the range, or from near_day to near_day + max_days."""
        rng = self.rng
        if near_day is not None:
            day = near_day + dt.timedelta(days=rng.randint(0, max_days))
        else:
            day = self.calendar.first_day + dt.timedelta(days=rng.randint(0, self.days))
            k = rng.random()
            if k < 0.2 and self.holidays:  # a holiday or a day next to one
                day = rng.choice(self.holidays) + dt.timedelta(days=rng.choice([-1, 0, 0, 0, 1]))
            elif k < 0.35:  # a weekend day
                day += dt.timedelta(days=(5 - day.weekday()) % 7 + rng.choice([0, 1]))
        day = min(max(day, self.calendar.first_day), self.calendar.last_day + dt.timedelta(days=60))
        return (day - dt.date(1970, 1, 1)).days * DAY + self.time_of_day()

    def amount(self):
        rng = self.rng
        k = rng.random()
        if k < 0.3:
            return rng.randint(1, MAX_AMOUNT)
        if k < 0.45:
            return rng.randint(1, 3600)
        if k < 0.5:
            return rng.randint(1, 60)
        if k < 0.7:
            return rng.randint(1, MAX_AMOUNT // 1800) * 1800
        if k < 0.85:  # whole business days and intervals, and one second either side
            whole = rng.randint(1, 20) * self.day_length + rng.choice([0, 0, *self.lengths])
            return max(1, whole + rng.choice([-1, 0, 0, 1]))
        return max(1, rng.randint(1, MAX_AMOUNT // 3600) * 3600 + rng.choice([-1, 1]))

    def end_for(self, start):
        """An end instant for a between case."""
        rng = self.rng
        k = rng.random()
        start_day = dt.date(1970, 1, 1) + dt.timedelta(days=start // DAY)
        if k < 0.3:
            return start + rng.randint(0, 40 * DAY)
        if k < 0.6:  # a boundary or closed time on a later day
            return max(start, self.instant(near_day=start_day, max_days=40))
        if k < 0.9:  # exactly at, or a second around, a deadline (pandas' own)
            due, _ = self.pandas.due(start, self.amount())
            return due + rng.choice([-1, 0, 0, 1])
        if k < 0.95:
            return start
        return start - rng.randint(1, 3 * DAY)  # reversed: 0 by convention


def iso_utc(local, utc_offset):
    utc = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=local - utc_offset)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(local, utc_offset):
    sign = "-" if utc_offset < 0 else "+"
    off = abs(utc_offset)
    text = (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=local)).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}{sign}{off // 3600:02d}:{off % 3600 // 60:02d}"


def parse_instant(text, utc_offset):
    """An ISO 8601 instant as local seconds since 1970."""
    instant = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(instant.timestamp()) + utc_offset


def run_supportctl(supportctl, operation, calendar_args, lines):
    command = [supportctl, "calendar", operation, *calendar_args]
    result = subprocess.run(command, input="".join(line + "\n" for line in lines), capture_output=True,
                            text=True, timeout=1800)
    outputs = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or len(outputs) != len(lines):
        fail(f"{' '.join(command)} exited {result.returncode} with {len(outputs)} lines for "
                         f"{len(lines)} cases: {result.stderr.strip()[:2000]}")
    return [json.loads(line) for line in outputs]


def check_calendar(calendar, args, supportctl, workdir):
    pandas_calendar = PandasCalendar(calendar)
    offset = pandas_calendar.utc_offset
    rng = random.Random(f"{args.seed}:{calendar.name}")
    generator = Generator(calendar, pandas_calendar, rng)
    if calendar.calendar_json is not None:
        path = Path(workdir) / f"{calendar.calendar_json['name']}.json"
        path.write_text(json.dumps(calendar.calendar_json, indent=1))
        calendar_args = ["--calendar", str(path)]
    else:
        calendar_args = calendar.supportctl_args

    def text(local):  # alternate the two spellings supportctl must read
        return iso_local(local, offset) if rng.random() < 0.5 else iso_utc(local, offset)

    add_cases = [(generator.instant(), generator.amount()) for _ in range(args.cases)]
    add_lines = [json.dumps({"from": text(start), "seconds": amount}) for start, amount in add_cases]
    between_cases = []
    for _ in range(args.cases):
        start = generator.instant()
        between_cases.append((start, generator.end_for(start)))
    between_lines = [json.dumps({"from": text(a), "to": text(b)}) for a, b in between_cases]

    ours_add = run_supportctl(supportctl, "add", calendar_args, add_lines)
    ours_between = run_supportctl(supportctl, "between", calendar_args, between_lines)

    mismatches = []
    for (start, amount), line, output in zip(add_cases, add_lines, ours_add):
        expected, note = pandas_calendar.due(start, amount)
        ours = parse_instant(output["due"], offset)
        if ours != expected or note:
            mismatches.append(
                f"add     from={json.loads(line)['from']} ({local_text(start)} local) seconds={amount}: "
                f"ours={iso_utc(ours, offset)} ({local_text(ours)}) "
                f"pandas={iso_utc(expected, offset)} ({local_text(expected)})" + (f" [{note}]" if note else ""))
    for (start, end), line, output in zip(between_cases, between_lines, ours_between):
        expected, note = pandas_calendar.between(start, end)
        ours = int(output["seconds"])
        if ours != expected or note:
            case = json.loads(line)
            mismatches.append(
                f"between from={case['from']} ({local_text(start)} local) to={case['to']} ({local_text(end)} local): "
                f"ours={ours} pandas={expected}" + (f" [{note}]" if note else ""))
    return mismatches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000, help="random cases per operation and calendar")
    parser.add_argument("--seed", type=int, default=1)
    repo = Path(__file__).resolve().parent.parent
    parser.add_argument("--supportctl", default=str(repo / ".build" / "debug" / "supportctl"))
    parser.add_argument("--calendar", choices=["brazil", "lunch", "all"], default="all")
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    if not os.access(args.supportctl, os.X_OK):
        print(f"calendar-pandas-check: no supportctl at {args.supportctl} (build it, or pass --supportctl)",
              file=sys.stderr)
        return 2

    began = time.monotonic()
    calendars = []
    if args.calendar in ("brazil", "all"):
        calendars.append(brazil_calendar())
    if args.calendar in ("lunch", "all"):
        calendars.append(lunch_calendar())
    reference = f"pandas {pd.__version__} CustomBusinessHour"
    total = 0
    with tempfile.TemporaryDirectory(prefix="calendar-pandas-check.") as workdir:
        for calendar in calendars:
            mismatches = check_calendar(calendar, args, args.supportctl, workdir)
            total += len(mismatches)
            print(f"calendar differential vs {reference}, {calendar.name}, holidays from {calendar.holiday_source}: "
                  f"{args.cases} add + {args.cases} between cases, {len(mismatches)} mismatches")
            for mismatch in mismatches[:20]:
                print(f"  MISMATCH {mismatch}")
            if len(mismatches) > 20:
                print(f"  ... and {len(mismatches) - 20} more")
    print(f"calendar differential vs {reference}: {len(calendars)} calendars, seed {args.seed}, "
          f"{total} mismatches in {time.monotonic() - began:.1f}s")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
