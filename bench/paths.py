#!/usr/bin/env python3
"""Times any API paths on a served copy of the imported reference store (bench-data/, made by
reference_queries.py): the median time until the whole body is read, the server's CPU per request and the body's
size. For questions the benchmark does not ask (`format=csv`, `sort`, `limit`, `fields=…`).
usage: python3 bench/paths.py --bin .build/release/otklik [--rows 10000000] [--requests 15] PATH …"""
import argparse
import os
import statistics
import time

from pages import read_token, serve

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    store = os.path.join(ROOT, "bench-data", f"otklik-{args.rows}")
    if not os.path.exists(os.path.join(store, "imported")):
        raise SystemExit(f"{store} is not imported yet: run bench/reference_queries.py --rows {args.rows} first")
    token = read_token(args.bin, store, "paths")
    server, connection = serve(args.bin, store)
    headers = {"Authorization": "Bearer " + token}

    def cpu_seconds():
        fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    try:
        for path in args.paths:
            for _ in range(3):  # warm
                connection.request("GET", path, headers=headers)
                connection.getresponse().read()
            times, cpu = [], cpu_seconds()
            for _ in range(args.requests):
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                times.append((time.perf_counter() - started) * 1000)
            cpu = (cpu_seconds() - cpu) / args.requests * 1000
            print(f"{response.status} {statistics.median(times):.2f} ms, server CPU {cpu:.2f} ms/request, "
                  f"{len(body):,} bytes  {path}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
