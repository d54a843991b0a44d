#!/usr/bin/env python3
"""What a user waits for when a question comes after a pause, not straight after the last answer.

reference_queries.py asks each question many times in a row, and so does every benchmark here: both engines run
warm, their threads awake. A person reading a dashboard asks one question, reads, and asks the next. On this kind
of virtual machine an idle core is halted, and waking it costs a fixed amount whoever serves the request. This
asks each question both ways — back to back, and after a pause before each run — of DuckDB (in-process, its
thread pool idle in between) and of Otklik through HTTP, and, as the machine's own part, nginx's `return 200`.

    python3 bench/pause.py [--pause-ms 50] [--runs 15] [--only Q1,A10 --random 40 --seed 1] [--bin …]

Needs the store and Parquet file reference_queries.py makes (bench-data/)."""
import argparse
import http.client
import os
import statistics
import time

import duckdb

import nginx
from pages import read_token, serve
from reference_queries import ROOT, add_query_choice, chosen_queries


def median_ms(run, runs, pause):
    """The median of `runs` timed calls of `run`, after two untimed ones, each after `pause` seconds of sleep."""
    times = []
    for _ in range(runs + 2):
        if pause:
            time.sleep(pause)
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[2:])


def asker(connection, path, headers=None):
    def ask():
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
    return ask


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pause-ms", type=float, default=50)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    add_query_choice(parser)
    args = parser.parse_args()
    if not args.only:
        args.only = "Q1,Q3,A10,A18,A22,R4,R8,R20"
        args.random = max(args.random, 40)
    pause = args.pause_ms / 1000
    store = os.path.join(ROOT, "bench-data", f"otklik-{args.rows}")
    parquet = os.path.join(ROOT, "bench-data", f"responses-{args.rows}.parquet")
    if not os.path.exists(os.path.join(store, "imported")):
        raise SystemExit(f"{store} is missing: run bench/reference_queries.py --rows {args.rows} first")

    started = nginx.start('return 200 "{}";')
    if started:
        connection = http.client.HTTPConnection("127.0.0.1", started[1])
        ask = asker(connection, "/")
        # nginx closes a connection after 1,000 requests: fewer than that here.
        back, after = median_ms(ask, 300, 0), median_ms(ask, 100, pause)
        print(f"nginx `return 200`: {back:.3f} ms back to back, {after:.3f} ms after {args.pause_ms:g} ms "
              f"(the machine's wake-up, whoever serves)\n")
        connection.close()
        nginx.stop(started)

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute(f"CREATE TABLE responses AS SELECT * FROM read_parquet('{parquet}')")
    token = read_token(args.bin, store, "pause")
    server, connection = serve(args.bin, store)
    headers = {"Authorization": "Bearer " + token}
    try:
        print(f"| query | DuckDB back to back ms | Otklik back to back ms | speed-up | DuckDB after "
              f"{args.pause_ms:g} ms | Otklik after {args.pause_ms:g} ms | speed-up |")
        print("|---|---|---|---|---|---|---|")
        for query in chosen_queries(args)[0]:
            cells = []
            for wait in (0, pause):
                duck = median_ms(lambda: con.execute(query.sql).fetchall(), args.runs, wait)
                ours = median_ms(asker(connection, "/api/v1/metrics?" + query.params, headers), args.runs, wait)
                cells += [f"{duck:.2f}", f"{ours:.2f}", f"{duck / ours:.1f}×"]
            print(f"| {query.name} | " + " | ".join(cells) + " |", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        con.close()


if __name__ == "__main__":
    main()
