#!/usr/bin/env python3
# A minimal SDT1 client: one ticket over ZeroMQ with CURVE (README "Tickets over ZeroMQ").
# usage: scripts/sdt1-client.py tcp://127.0.0.1:7720 data/keys "$(cat data/operator.token)"   (pip install pyzmq)
import json, sys, uuid, zmq

endpoint, keys, token = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = zmq.Context()
sock = ctx.socket(zmq.DEALER)
public, secret = zmq.curve_keypair()             # any client key: the token says who you are
sock.curve_publickey, sock.curve_secretkey = public, secret
sock.curve_serverkey = open(f"{keys}/intake.pub", "rb").read().strip()
sock.connect(endpoint)
ticket = {"account": "norte-plus", "requester": "nina@norte.example", "channel": "portal",
          "subject": "Bot down", "description": "No answers since 10:00."}
request_id = str(uuid.uuid4())                   # resend with the same id after a timeout: same ticket
sock.send_multipart([b"SDT1", request_id.encode(), f"Bearer {token}".encode(), json.dumps(ticket).encode()])
if sock.poll(5000):
    tag, rid, status, body = sock.recv_multipart()
    print(status.decode(), json.loads(body)["number"] if status == b"201" else body.decode())
else:
    print("no answer within 5 s")
