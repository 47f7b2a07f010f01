#!/usr/bin/python3
"""A real SMTP server (Debian's python3-aiosmtpd) that records each message it accepts.

Used by the notification tests: prints its port, writes one JSON line per message to OUTFILE
with the envelope and the message as Python's own e-mail parser reads it (subject decoded,
threading headers, body decoded), so the test checks our MIME with an independent parser.
Answers `451` to the first --fail-first messages, to exercise retries. With --delay-first N it
records the first N messages as soon as their data has arrived and then waits --delay seconds
before answering: a client killed meanwhile has delivered without hearing so. --reject-first N
answers `550` (permanent) to the first N messages after the --fail-first ones. Stops when
standard input closes.

    /usr/bin/python3 scripts/smtp-sink.py OUTFILE [--fail-first N] [--delay-first N --delay S] [--reject-first N]
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, out, fail_first, delay_first, delay):
        self.out = out
        self.fail_left = fail_first
        self.delay_left = delay_first
        self.delay = delay
        self.reject_left = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 try again later (test)"
        if self.reject_left > 0:
            self.reject_left -= 1
            return "550 5.7.1 rejected (test)"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTo": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            "rawSubject": message.get("Subject", failobj="").__str__(),
            "messageId": message.get("Message-ID"),
            "inReplyTo": message.get("In-Reply-To"),
            "references": message.get("References"),
            "from": message.get("From"),
            "to": message.get("To"),
            "autoSubmitted": message.get("Auto-Submitted"),
            "contentLanguage": message.get("Content-Language"),
            "body": body.get_content() if body is not None else None,
            "defects": [type(d).__name__ for d in message.defects],
        }
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()
        if self.delay_left > 0:
            self.delay_left -= 1
            await asyncio.sleep(self.delay)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outfile")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--delay-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--reject-first", type=int, default=0)
    args = parser.parse_args()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    out = open(args.outfile, "a")
    recorder = Recorder(out, args.fail_first, args.delay_first, args.delay)
    recorder.reject_left = args.reject_first
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    sys.stdin.buffer.read()
    controller.stop()
    os._exit(0)


if __name__ == "__main__":
    main()
