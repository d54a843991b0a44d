#!/usr/bin/env python3
"""Web page benchmark: the dashboard, the journey map, the touchpoint inventory and the public survey page, timed
by the server itself (its Server-Timing header: from the session lookup to the rendered HTML) and, beside it, as a
client on the same machine sees it.
Two shapes of business: the demo's chain (4 branches, 18 touchpoints, 24 employees; `otklik bench pages-data`,
synthetic answers up to --rows) and the reference data's (20 surveys, 200 touchpoints, 2,000 employees, 50
segments; the store bench/reference_queries.py imports, --reference-rows, 0 to skip), each for 90 days and a
year. Made once per row count under bench-data/."""
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


def sign_in(connection, email="bench@otklik.local", password="bench-password"):
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
    cookie = f"otk_csrf={csrf}"
    body = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": password})
    connection.request("POST", "/login", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    session = re.search(r"otk_session=([0-9a-f]+)", response.getheader("Set-Cookie") or "")
    if response.status != 303 or not session:
        raise SystemExit(f"sign-in failed: {response.status}")
    return f"otk_session={session.group(1)}"


def journey_map(connection, cookie, template="repair-centre"):
    """A journey map made from a template through the web form, as a user makes one (its stages linked to the
    touchpoints of each stage); returns its path."""
    connection.request("GET", "/app/journeys", headers={"Cookie": cookie})
    page = connection.getresponse().read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": csrf, "template": template, "title": "", "persona": ""})
    connection.request("POST", "/app/journeys", body=body,
                       headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    if response.status != 303:
        raise SystemExit(f"making a journey map failed: {response.status}")
    return response.getheader("Location")


def report(name, samples):
    server = sorted(s[0] for s in samples)
    client = sorted(s[1] for s in samples)
    p95 = lambda values: values[int(len(values) * 0.95) - 1]
    print(f"| {name} | {statistics.median(server):.2f} | {p95(server):.2f} | {statistics.median(client):.2f} | {samples[0][2] / 1024:.0f} KB |")


def wait_listening(port, seconds):
    """True once something accepts connections on the port; False after `seconds` without."""
    for _ in range(int(seconds * 10)):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def read_token(binary, store, name):
    """A new API token with the read scope for the store (`otklik token create`)."""
    return subprocess.run([binary, "token", "create", "--data-dir", store, "--scope", "read", "--name", name],
                          check=True, capture_output=True, text=True).stdout.strip()


def serve(binary, directory):
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--data-dir", directory, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, 120)
    return server, http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def measure(connection, cookie, pages, runs):
    for name, path in pages:
        for _ in range(3):
            timed(connection, path, cookie)
        report(name, [timed(connection, path, cookie) for _ in range(runs)])


def reference_shape(binary, rows, runs):
    """The dashboard on the reference data (its "now" is 2025-01-01): 90 days and the year 2024."""
    directory = os.path.join(ROOT, "bench-data", f"otklik-{rows}")
    if not os.path.exists(os.path.join(directory, "imported")):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "reference_queries.py"), "--rows", str(rows),
                        "--runs", "1", "--bin", binary, "--only", "Q1"], check=True, stdout=subprocess.DEVNULL)
    email, password = "pages@otklik.local", "bench-password"
    subprocess.run([binary, "user", "add", "--data-dir", directory, "--email", email, "--name", "Bench", "--role", "owner"],
                   input=password + "\n", text=True, capture_output=True)  # already there on a second run
    server, connection = serve(binary, directory)
    try:
        cookie = sign_in(connection, email, password)
        print(f"\nreference shape (20 surveys, 200 touchpoints, 2,000 employees, 50 segments), {rows:,} responses; "
              f"{runs} warm runs each\n")
        print("| page | server median ms | server p95 ms | client median ms | size |")
        print("|---|---|---|---|---|")
        measure(connection, cookie, [
            ("dashboard, 90 days", "/app?from=2024-10-03&to=2024-12-31"),
            ("dashboard, a year", "/app?from=2024-01-01&to=2024-12-31"),
            ("dashboard, a year, one survey", "/app?from=2024-01-01&to=2024-12-31&survey=3"),
            ("responses list, a year, detractors", "/app/responses?from=2024-01-01&to=2024-12-31&nps=0..6"),
        ], runs)
        path = journey_map(connection, cookie)
        measure(connection, cookie, [
            ("journey map, 90 days (six stages, ~33 touchpoints each)", path + "?from=2024-10-03&to=2024-12-31"),
            ("journey map, a year", path + "?from=2024-01-01&to=2024-12-31"),
            ("touchpoints by stage × channel, 90 days", "/app/touchpoints?from=2024-10-03&to=2024-12-31"),
        ], runs)
        with open(f"/proc/{server.pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
        print(f"server peak RSS {rss:.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reference-rows", type=int, default=None,
                        help="responses of the reference shape (default: --rows; 0 to skip)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "otklik"))
    args = parser.parse_args()
    reference_rows = args.rows if args.reference_rows is None else args.reference_rows
    directory = os.path.join(ROOT, "bench-data", f"pages-{args.rows}")
    started = time.time()
    subprocess.run([args.binary, "bench", "pages-data", "--data-dir", directory, "--rows", str(args.rows)], check=True)
    print(f"data ready in {time.time() - started:.1f} s")
    server, connection = serve(args.binary, directory)
    try:
        cookie = sign_in(connection)
        print(f"\ndemo shape (4 branches, 18 touchpoints, 24 employees), {args.rows:,} responses; "
              f"{args.runs} warm runs each (after 3 warm-up runs)\n")
        print("| page | server median ms | server p95 ms | client median ms | size |")
        print("|---|---|---|---|---|")
        measure(connection, cookie, [
            ("dashboard, 90 days, all filters open", "/app"),
            ("dashboard, one branch", "/app?location=4"),
            ("dashboard, 26 weeks", "/app?from=" + time.strftime("%Y-%m-%d", time.gmtime(time.time() - 183 * 86400))),
            ("dashboard, a year", "/app?from=" + time.strftime("%Y-%m-%d", time.gmtime(time.time() - 364 * 86400))),
            ("responses list (drill-down: detractors)", "/app/responses?nps=0..6"),
        ], args.runs)
        measure(connection, cookie, [
            ("journey map, 90 days", journey_map(connection, cookie)), ("touchpoints by stage × channel", "/app/touchpoints"),
        ], args.runs)
        for _ in range(10):
            timed(connection, "/s/after-repair")
        report("public survey page /s/after-repair", [timed(connection, "/s/after-repair") for _ in range(args.runs * 4)])
    finally:
        server.terminate()
        server.wait(timeout=20)
    if reference_rows:
        reference_shape(args.binary, reference_rows, args.runs)


if __name__ == "__main__":
    sys.exit(main())
