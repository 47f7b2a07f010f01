#!/usr/bin/env python3
"""A local HTTP receiver that records every request: a stand-in for a webhook endpoint or the
WhatsApp Business Cloud API's message endpoint.

Prints its port, writes one JSON line per request to OUTFILE (method, path, headers, body and,
with --secret, whether the SupportDesk webhook signature verifies, checked here with Python's
hmac independently of the Swift code). Answers 503 to the first --fail-first requests, then 200
(with a Cloud-API-shaped body). Stops when standard input closes.

    python3 scripts/http-receiver.py OUTFILE [--fail-first N] [--secret S]
"""
import argparse
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outfile")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--secret", default=None)
    args = parser.parse_args()
    out = open(args.outfile, "a")
    lock = threading.Lock()
    state = {"fail_left": args.fail_first}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            record = {
                "method": "POST",
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
                "time": time.time(),
            }
            if args.secret is not None:
                timestamp = self.headers.get("X-SupportDesk-Timestamp", "")
                given = self.headers.get("X-SupportDesk-Signature", "")
                expected = "v1=" + hmac.new(
                    args.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
                ).hexdigest()
                fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
                record["signatureValid"] = fresh and hmac.compare_digest(expected, given)
            with lock:
                failing = state["fail_left"] > 0
                if failing:
                    state["fail_left"] -= 1
                record["answered"] = 503 if failing else 200
                out.write(json.dumps(record) + "\n")
                out.flush()
            payload = b'{"error":"try later"}' if failing else b'{"messaging_product":"whatsapp","messages":[{"id":"wamid.test"}]}'
            self.send_response(record["answered"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.buffer.read()
    os._exit(0)


if __name__ == "__main__":
    main()
