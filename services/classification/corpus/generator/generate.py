#!/usr/bin/env python3
"""Writes the labelled ticket corpus (train.jsonl, heldout.jsonl) from the hand-written pieces in
pt_br.py, en.py and es.py.

Each scenario (an incident symptom, a question, a request, or a whole hand-written ticket) yields
one to three tickets that differ in greeting, context, scope, sign-off, length, casing, accents and
typos. Every ticket of a scenario lands in the same split, chosen by a hash of the scenario's id, so
the held-out tickets describe situations training never saw. Deterministic: a fixed seed.

usage: generate.py OUTPUT_DIR
"""
import hashlib
import json
import random
import sys
import unicodedata

import en
import es
import pt_br

PRIORITY = {"U": "urgent", "H": "high", "N": "normal", "L": "low"}


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def typo(rng, text, count):
    words = text.split(" ")
    for _ in range(count):
        candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if not candidates:
            break
        i = rng.choice(candidates)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        kind = rng.random()
        if kind < 0.4:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif kind < 0.7:
            w = w[:j] + w[j + 1:]
        else:
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def roughen(rng, subject, body):
    """What real customers do to text: no accents, no capitals, typos, no final period."""
    if rng.random() < 0.2:
        subject, body = strip_accents(subject), strip_accents(body)
    if rng.random() < 0.12:
        subject, body = subject.lower(), body.lower()
    if rng.random() < 0.25:
        body = typo(rng, body, rng.randint(1, 3))
    if rng.random() < 0.1:
        subject = typo(rng, subject, 1)
    if rng.random() < 0.1:
        body = body.rstrip(".!")
    return subject.strip(), body.strip()


def assemble(rng, parts, lang):
    """Greeting, sentences and sign-off, as one paragraph or a few lines."""
    lines = []
    if rng.random() < 0.5:
        greeting = rng.choice(lang.GREETINGS)
        if greeting:
            lines.append(greeting)
    body = [p for p in parts if p]
    if rng.random() < 0.35 and len(body) > 2:
        lines.extend(body)
    else:
        lines.append(" ".join(body))
    if rng.random() < 0.45:
        signoff = rng.choice(lang.SIGNOFFS)
        if signoff:
            lines.append(signoff)
    return "\n".join(lines)


def maybe(rng, p, items):
    return rng.choice(items) if rng.random() < p else None


def incidents(rng, lang):
    for index, (subject, core, allowed) in enumerate(lang.INCIDENT_CORES):
        levels = list(allowed)
        rng.shuffle(levels)
        n = 3 if len(levels) > 1 else 2
        for k in range(n):
            level = levels[k % len(levels)]
            scope = rng.choice(lang.INCIDENT_SCOPE[level])
            parts = [core, maybe(rng, 0.6, lang.INCIDENT_TIME), scope, maybe(rng, 0.45, lang.INCIDENT_EVIDENCE),
                     maybe(rng, 0.55, lang.INCIDENT_ASK[level])]
            if rng.random() < 0.3:
                parts[0], parts[1] = parts[1], parts[0]
            if rng.random() < 0.2:
                parts = [core, scope]
            subj = subject
            if level == "U" and rng.random() < 0.3:
                subj = subj.upper()
            yield f"incident/{index}", subj, assemble(rng, parts, lang), "incident", PRIORITY[level]
    for index, (subject, body, priority) in enumerate(lang.INCIDENT_FULL):
        yield f"incident-full/{index}", subject, body, "incident", priority


def doubt_priority(rng, lang):
    roll = rng.random()
    if roll < 0.08:
        return "high", rng.choice(lang.DOUBT_HIGH)
    if roll < 0.2:
        return "low", rng.choice(lang.DOUBT_LOW)
    return "normal", None


def doubts(rng, lang):
    pools = [("doubt-question", lang.DOUBT_QUESTIONS, 2), ("doubt-settings", lang.DOUBT_CONFIG_ISSUES, 3)]
    for name, pool, n in pools:
        for index, (subject, text) in enumerate(pool):
            for _ in range(n if rng.random() < 0.6 else n - 1):
                priority, modifier = doubt_priority(rng, lang)
                parts = [maybe(rng, 0.4, lang.DOUBT_CONTEXT), text, modifier]
                yield f"{name}/{index}", subject, assemble(rng, parts, lang), "doubt", priority
    for index, (subject, body, priority) in enumerate(lang.DOUBT_FULL):
        yield f"doubt-full/{index}", subject, body, "doubt", priority


def tasks(rng, lang):
    for index, (subject, text) in enumerate(lang.TASK_REQUESTS):
        for _ in range(3 if rng.random() < 0.7 else 2):
            roll = rng.random()
            if roll < 0.15:
                priority, modifier = "high", rng.choice(lang.TASK_HIGH)
            elif roll < 0.27:
                priority, modifier = "low", rng.choice(lang.TASK_LOW)
            else:
                priority, modifier = "normal", None
            parts = [text, maybe(rng, 0.5, lang.TASK_CONTEXT), modifier]
            yield f"task/{index}", subject, assemble(rng, parts, lang), "task", priority
    for index, (subject, body, priority) in enumerate(lang.TASK_FULL):
        yield f"task-full/{index}", subject, body, "task", priority


def main(out):
    rng = random.Random(20240601)
    train, heldout = [], []
    seen = set()
    for lang in (pt_br, en, es):
        for generator in (incidents, doubts, tasks):
            for group, subject, body, kind, priority in generator(rng, lang):
                subject, body = roughen(rng, subject, body)
                if (subject, body) in seen:
                    continue
                seen.add((subject, body))
                ticket = {"subject": subject, "description": body, "type": kind, "priority": priority,
                          "language": lang.LANGUAGE}
                bucket = int(hashlib.sha256(f"{lang.LANGUAGE}/{group}".encode()).hexdigest(), 16) % 5
                (heldout if bucket == 0 else train).append(ticket)
    rng.shuffle(train)
    rng.shuffle(heldout)
    for name, rows in (("train.jsonl", train), ("heldout.jsonl", heldout)):
        with open(f"{out}/{name}", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"train {len(train)}, heldout {len(heldout)}")


if __name__ == "__main__":
    main(sys.argv[1])
