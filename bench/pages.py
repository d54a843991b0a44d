#!/usr/bin/env python3
"""Web page benchmark: the dashboard with 1M responses and the public survey page, timed by the server
itself (its Server-Timing header: from the session lookup to the rendered HTML) and, beside it, as a client
on the same machine sees it. Data: `otklik bench pages-data` (the demo's chain with synthetic answers up to
--rows), made once per row count under bench-data/."""
import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(connection, path, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    client_ms = (time.perf_counter() - started) * 1000
    timing = response.getheader("Server-Timing") or ""
    match = re.search(r"dur=([0-9.]+)", timing)
    if response.status != 200 or not match:
        raise SystemExit(f"GET {path}: {response.status} {timing!r}")
    return float(match.group(1)), client_ms, len(body)


def sign_in(connection):
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
    cookie = f"otk_csrf={csrf}"
    body = urllib.parse.urlencode({"_csrf": csrf, "email": "bench@otklik.local", "password": "bench-password"})
    connection.request("POST", "/login", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    session = re.search(r"otk_session=([0-9a-f]+)", response.getheader("Set-Cookie") or "")
    if response.status != 303 or not session:
        raise SystemExit(f"sign-in failed: {response.status}")
    return f"otk_session={session.group(1)}"


def report(name, samples):
    server = sorted(s[0] for s in samples)
    client = sorted(s[1] for s in samples)
    p95 = lambda values: values[int(len(values) * 0.95) - 1]
    print(f"| {name} | {statistics.median(server):.2f} | {p95(server):.2f} | {statistics.median(client):.2f} | {samples[0][2] / 1024:.0f} KB |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "otklik"))
    args = parser.parse_args()
    directory = os.path.join(ROOT, "bench-data", f"pages-{args.rows}")
    started = time.time()
    subprocess.run([args.binary, "bench", "pages-data", "--data-dir", directory, "--rows", str(args.rows)], check=True)
    print(f"data ready in {time.time() - started:.1f} s")
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--data-dir", directory, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = sign_in(connection)
        pages = [
            ("dashboard, 90 days, all filters open", "/app"),
            ("dashboard, one branch", "/app?location=4"),
            ("dashboard, 26 weeks", "/app?from=" + time.strftime("%Y-%m-%d", time.gmtime(time.time() - 183 * 86400))),
            ("responses list (drill-down: detractors)", "/app/responses?nps=0..6"),
        ]
        print(f"\n{args.rows:,} responses; {args.runs} warm runs each (after 3 warm-up runs)\n")
        print("| page | server median ms | server p95 ms | client median ms | size |")
        print("|---|---|---|---|---|")
        for name, path in pages:
            for _ in range(3):
                timed(connection, path, cookie)
            report(name, [timed(connection, path, cookie) for _ in range(args.runs)])
        for _ in range(10):
            timed(connection, "/s/after-repair")
        report("public survey page /s/after-repair", [timed(connection, "/s/after-repair") for _ in range(args.runs * 4)])
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
