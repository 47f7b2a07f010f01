#!/usr/bin/env python3
"""Sends one raw message file over SMTP with Python's smtplib, the way an MTA relays mail,
and prints the server's answer as JSON: {"code": 250, "message": "..."}.

    python3 scripts/smtp-send.py HOST PORT MESSAGE_FILE --from SENDER --to RECIPIENT
"""
import argparse
import json
import smtplib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("message")
    parser.add_argument("--from", dest="sender", default="")
    parser.add_argument("--to", default="support@desk.example")
    args = parser.parse_args()
    data = open(args.message, "rb").read()
    with smtplib.SMTP(args.host, args.port, timeout=30) as client:
        client.ehlo("mta.test")
        code, message = client.mail(args.sender)
        if code == 250:
            code, message = client.rcpt(args.to)
        if code in (250, 251):
            try:
                code, message = client.data(data)
            except smtplib.SMTPDataError as error:
                code, message = error.smtp_code, error.smtp_error
    print(json.dumps({"code": code, "message": message.decode("utf-8", "replace")}))


if __name__ == "__main__":
    main()
