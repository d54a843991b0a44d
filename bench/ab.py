#!/usr/bin/env python3
"""Two builds of Otklik compared through HTTP on the same imported store (bench-data/, made by
reference_queries.py): both `otklik serve` run at once and each query's requests alternate between them, so both
builds see the same state of the machine. On this shared host one build's time swings by up to 50% from one run
to the next; the ratio of a pair stays within a few per cent, which is what deciding on an optimisation needs.
Prints each query's median time on A and B and B/A; exits non-zero when the two answers differ.

    python3 bench/ab.py --a /tmp/otklik-before --b .build/release/otklik [--only Q2,A4] [--runs 30]

Copy the binaries first when they come from the same build directory (a running binary cannot be overwritten)."""
import argparse
import os
import statistics
import sys
import time

from pages import read_token, serve
from reference_queries import ROOT, add_query_choice, chosen_queries


def timed(connection, path, headers):
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status} {body[:300]!r}")
    return (time.perf_counter() - started) * 1000, body


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="the build to compare against (an otklik binary)")
    parser.add_argument("--b", required=True, help="the build under test")
    parser.add_argument("--rows", type=int, default=10_000_000, help="which imported store (bench-data/otklik-ROWS)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per query and build")
    add_query_choice(parser)
    args = parser.parse_args()
    store = os.path.join(ROOT, "bench-data", f"otklik-{args.rows}")
    if not os.path.exists(os.path.join(store, "imported")):
        sys.exit(f"{store} is missing: run bench/reference_queries.py --rows {args.rows} first")
    token = read_token(args.a, store, "ab")
    headers = {"Authorization": "Bearer " + token}
    queries, _ = chosen_queries(args)
    # One after the other: each loads the index on both cores.
    server_a, a = serve(args.a, store)
    server_b, b = serve(args.b, store)
    differ = False
    try:
        print(f"{'query':6} {'A ms':>8} {'B ms':>8} {'B/A':>6}")
        for query in queries:
            path = "/api/v1/metrics?" + query.params
            times_a, times_b = [], []
            for i in range(args.runs + 2):
                # Which goes first alternates: the second of a pair may find the machine warmer (or busier).
                if i % 2:
                    time_b, body_b = timed(b, path, headers)
                    time_a, body_a = timed(a, path, headers)
                else:
                    time_a, body_a = timed(a, path, headers)
                    time_b, body_b = timed(b, path, headers)
                if i >= 2:
                    times_a.append(time_a)
                    times_b.append(time_b)
            median_a, median_b = statistics.median(times_a), statistics.median(times_b)
            same = body_a == body_b
            differ |= not same
            print(f"{query.name:6} {median_a:8.2f} {median_b:8.2f} {median_b / median_a:6.2f}"
                  + ("" if same else "  ANSWERS DIFFER"), flush=True)
    finally:
        for server in (server_a, server_b):
            server.terminate()
            server.wait(timeout=30)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
