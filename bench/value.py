#!/usr/bin/env python3
"""Customer value benchmark on the UCI Online Retail II file (525,461 lines): what a user waits for.
1. `otklik value import` of the whole file through the CLI into a fresh data directory (wall time and peak RSS,
   three runs, the gzip file as shipped and the plain CSV), durably (SQLite's commit).
2. The analysis right after an import: the file imported through the CLI into the data directory of a running
   server, then the time from the import's exit to the first `GET /api/v1/value/summary` answered with it (the
   server reads the orders and computes customers, Pareto, ABC, RFM, steps, cohorts and CRR — or finishes the
   warm-up it started when it saw the write), and then warm requests, through HTTP; the phases in-process
   (`otklik bench value`); the value pages' server time (Server-Timing) and size.
3. DuckDB on the same file, in the same run (bench/value_reference.py --time): loading it, and computing the same
   figures, which must equal Otklik's key by key.
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402  (free_port, read_token, timed, sign_in)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "online-retail-ii-2009-2010.csv.gz")


def timed_run(command):
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: {result.stderr}")
    rss_kb = int(result.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    parser.add_argument("--file", default=DATA)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="otklik-value-bench-")
    plain = os.path.join(work, "retail.csv")
    with open(plain, "wb") as out:
        subprocess.run(["gzip", "-dc", args.file], stdout=out, check=True)
    print("| import | wall s (runs) | peak RSS MB |\n|---|---|---|")
    for label, source in [("gzip file as shipped", args.file), ("plain CSV", plain)]:
        walls, rss = [], []
        for _ in range(args.runs):
            directory = os.path.join(work, "data")
            shutil.rmtree(directory, ignore_errors=True)
            wall, peak = timed_run([args.bin, "value", "import", source, "--preset", "online-retail", "--time-zone", "Europe/London", "--currency", "GBP",
                                    "--data-dir", directory])
            walls.append(wall)
            rss.append(peak)
        print(f"| {label} | {min(walls):.2f} ({', '.join(f'{w:.2f}' for w in walls)}) | {max(rss):.0f} |")

    directory = os.path.join(work, "served")
    subprocess.run([args.bin, "value", "settings", "--currency", "GBP", "--data-dir", directory], check=True, capture_output=True)
    secret = pages.read_token(args.bin, directory, "bench")
    subprocess.run([args.bin, "user", "add", "--email", "bench@otklik.local", "--name", "Bench", "--role", "owner", "--data-dir", directory],
                   input="bench-password\n", text=True, check=True, capture_output=True)
    port = pages.free_port()
    server = subprocess.Popen([args.bin, "serve", "--data-dir", directory, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        headers = {"Authorization": f"Bearer {secret}"}
        # The import into the running server's data directory, as a user would do it.
        subprocess.run([args.bin, "value", "import", args.file, "--preset", "online-retail", "--time-zone", "Europe/London",
                        "--currency", "GBP", "--data-dir", directory], check=True, capture_output=True)
        imported_at = time.perf_counter()

        def api(path):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: {response.status} {body[:200]}")
            return (time.perf_counter() - started) * 1000, body

        _, body = api("/api/v1/value/summary")
        cold = (time.perf_counter() - imported_at) * 1000
        summary = json.loads(body)
        if summary["customers"] == 0:
            raise SystemExit("the first summary after the import did not see it")
        warm = [api("/api/v1/value/summary")[0] for _ in range(20)]
        print(f"\nfrom the import's exit to the first GET /api/v1/value/summary answered with it (reads the orders, computes everything): {cold:.1f} ms, {len(body):,} bytes")
        print(f"warm (the analysis kept): median {statistics.median(warm):.2f} ms")
        forecast_cold, _ = api("/api/v1/value/forecast")
        print(f"first GET /api/v1/value/forecast (two BG/NBD fits: all, and without the last quarter): {forecast_cold:.1f} ms")
        page_connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cookie = pages.sign_in(page_connection)
        print("\n| page | server median ms | p95 | KB |\n|---|---|---|---|")
        for path in ["/app/value", "/app/value/segments", "/app/value/ladder", "/app/value/retention", "/app/value/customers"]:
            runs = [pages.timed(page_connection, path, cookie) for _ in range(15)]
            server_ms = sorted(r[0] for r in runs)
            print(f"| {path} | {statistics.median(server_ms):.1f} | {server_ms[int(len(server_ms) * 0.95) - 1]:.1f} | {runs[0][2] / 1024:.0f} |")
    finally:
        server.terminate()
        server.wait()
    phases = subprocess.run([args.bin, "bench", "value", "--data-dir", directory, "--runs", "21"], capture_output=True, text=True, check=True)
    print("\nin-process phases (otklik bench value, medians of 21):\n" + phases.stdout.strip())

    reference = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "value_reference.py"), "--file", args.file, "--time"],
                               capture_output=True, text=True, check=True)
    expected = json.loads(reference.stdout)
    different = [key for key in expected if summary.get(key) != expected[key]]
    print(f"\nDuckDB (same run): {reference.stderr.strip()}")
    print("answers equal DuckDB's: " + ("yes, every key" if not different else f"NO: {different}"))
    shutil.rmtree(work, ignore_errors=True)
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
