#!/usr/bin/env python3
"""Send N signed Slack `/indicators` commands on one keep-alive connection (for cg.sh).

Cycles the perf harness's keywords; the body is shaped like Slack's (about 450 bytes).
Signing secret: env SLACK_SIGNING_SECRET. Usage: cg.py PORT N
"""
import hashlib
import hmac
import http.client
import os
import sys
import time
import urllib.parse

KEYWORDS = ["hotel", "phone", "work", "travel", "money", "zzz"]


def body_for(text: str) -> str:
    return urllib.parse.urlencode([
        ("token", "gIkuvaNzQIHg97ATvDxqgjtO"), ("team_id", "T0PERF0001"),
        ("team_domain", "example-school"), ("channel_id", "C0PERF0001"),
        ("channel_name", "staff-room"), ("user_id", "U0PERF0001"), ("user_name", "teacher"),
        ("command", "/indicators"), ("text", text), ("api_app_id", "A0PERF0001"),
        ("is_enterprise_install", "false"),
        ("response_url", "https://hooks.slack.com/commands/T0PERF0001/1234567890/abcdefghijklmnop"),
        ("trigger_id", "1234567890.1234567890.abcdef0123456789abcdef0123456789"),
    ])


def main() -> None:
    port, n = int(sys.argv[1]), int(sys.argv[2])
    key = os.environ["SLACK_SIGNING_SECRET"].encode()
    bodies = [body_for(k) for k in KEYWORDS]
    conn = http.client.HTTPConnection("127.0.0.1", port)
    ok = 0
    for i in range(n):
        body = bodies[i % len(bodies)]
        ts = str(int(time.time()))
        sig = "v0=" + hmac.new(key, f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
        conn.request("POST", "/slack/commands", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig})
        r = conn.getresponse()
        data = r.read()
        ok += r.status == 200 and b'"ephemeral"' in data
    print(f"{ok} of {n} answered with an ephemeral reply")
    if ok != n:
        sys.exit(1)


if __name__ == "__main__":
    main()
