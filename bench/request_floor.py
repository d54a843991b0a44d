#!/usr/bin/env python3
"""What a small question costs besides its answer: each request's round trip with a raw socket (the request's
bytes sent, the response read by its Content-Length) and through Python's `http.client` (what
reference_queries.py and ab.py time), and the server's CPU per request (its threads' run time from
/proc/PID/task/*/schedstat, in nanoseconds; the kernel's part included) — for nginx's `return 200` and for
Otklik's questions. The raw round trip is the server's share; the difference to `http.client` is the client's.

With --against, two builds are measured in alternating rounds and B/A of their CPU per request printed: on this
shared host a build's time swings from run to run, while the CPU of the same requests moves much less.

    python3 bench/request_floor.py --bin .build/release/otklik [--against /tmp/otklik-before] [--requests 3000]
        [--rounds 6] [--only Q1,R4 --random 40 --seed 7] [--bare-nio bench/bare-nio/.build/release/bare-nio]

With --bare-nio, a bare SwiftNIO server (bench/bare-nio: NIO's HTTP codec and a handler answering 300 bytes, and
the same without the codec) is measured beside nginx: what a Swift server pays here before any work of its own.

Needs the store reference_queries.py imports (bench-data/otklik-10000000). nginx closes a connection after 1,000
requests, so its figures come from 800."""
import argparse
import http.client
import os
import socket
import statistics
import subprocess
import time

import nginx
from pages import free_port, read_token, serve, wait_listening
from reference_queries import ROOT, add_query_choice, chosen_queries

SMALL = ["Q1", "A20", "A29"]


def raw_round_trips(port, request, count):
    """Median and all round trips (ms) of `request` sent `count` times on one connection, after 100 unmeasured."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    times = []
    try:
        for i in range(count + 100):
            began = time.perf_counter()
            connection.sendall(request)
            read_response(connection)
            if i >= 100:
                times.append((time.perf_counter() - began) * 1000)
    finally:
        connection.close()
    return statistics.median(times)


def read_response(connection):
    """Reads one response whole: by its Content-Length, or chunk by chunk (large answers are streamed)."""
    buffer = bytearray()

    def more():
        chunk = connection.recv(1 << 20)
        if not chunk:
            raise SystemExit("the server closed the connection")
        buffer.extend(chunk)

    def line_at(start):
        while (end := buffer.find(b"\r\n", start)) < 0:
            more()
        return bytes(buffer[start:end]), end + 2

    while (end := buffer.find(b"\r\n\r\n")) < 0:
        more()
    fields = {line.split(b":", 1)[0].strip().lower(): line.split(b":", 1)[1].strip()
              for line in bytes(buffer[:end]).split(b"\r\n")[1:]}
    position = end + 4
    if b"content-length" in fields:
        while len(buffer) < position + int(fields[b"content-length"]):
            more()
        return
    while True:  # Transfer-Encoding: chunked
        size_line, position = line_at(position)
        size = int(size_line.split(b";")[0], 16)
        while len(buffer) < position + size + 2:
            more()
        position += size + 2
        if size == 0:
            return


def client_round_trips(port, path, headers, count):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for i in range(count + 100):
        began = time.perf_counter()
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
        if i >= 100:
            times.append((time.perf_counter() - began) * 1000)
    connection.close()
    return statistics.median(times)


def cpu_ns(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def round_trip_costs(port, path, headers, pids, count):
    """`GET path` with `headers` asked `count` times: the raw socket's median round trip (ms), `http.client`'s
    (ms), and the CPU per request (µs) of the processes `pids` (the server's), after 100 unmeasured requests."""
    fields = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{fields}\r\n".encode()
    raw_round_trips(port, request, 100)  # a token checked once, the data warm
    before = sum(cpu_ns(pid) for pid in pids)
    raw = raw_round_trips(port, request, count)
    cpu = (sum(cpu_ns(pid) for pid in pids) - before) / (count + 100) / 1000
    client = client_round_trips(port, path, headers, count)
    return raw, client, cpu


def measure_build(binary, store, queries, count):
    """Per query: raw round trip (ms), http.client round trip (ms), server CPU per request (µs)."""
    token = read_token(binary, store, "request-floor")
    server, connection = serve(binary, store)
    results = {}
    try:
        for query in queries:
            results[query.name] = round_trip_costs(
                connection.port, "/api/v1/metrics?" + query.params, {"Authorization": "Bearer " + token}, [server.pid],
                count)
    finally:
        server.terminate()
        server.wait()
    return results


def nginx_floor():
    """nginx's `return 200`: raw round trip, http.client round trip (ms), CPU of its worker per request (µs)."""
    started = nginx.start("""default_type application/json; return 200 '{"ok":true}';""")
    if started is None:
        return None
    process, port, _ = started
    try:
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        return round_trip_costs(port, "/", {}, [int(w) for w in workers], 800)
    finally:
        nginx.stop(started)


def bare_nio_floor(binary, mode):
    """The bare NIO server (bench/bare-nio) in `mode` (http: NIO's codec; bytes: none), measured as nginx is."""
    port = free_port()
    server = subprocess.Popen([binary, mode, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, 10)
        return round_trip_costs(port, "/", {}, [server.pid], 3000)
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--against", help="a second build: CPU per request compared, B/A (B: --bin)")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds with --against")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--bare-nio", help="bench/bare-nio's binary: a bare NIO server measured beside nginx")
    add_query_choice(parser)
    args = parser.parse_args()
    if not args.only:
        args.only = ",".join(SMALL)
    queries, _ = chosen_queries(args)
    store = os.path.join(ROOT, "bench-data", f"otklik-{args.rows}")
    if not os.path.exists(os.path.join(store, "imported")):
        raise SystemExit(f"no imported store at {store}: run bench/reference_queries.py --rows {args.rows} first")

    floor = nginx_floor()
    if floor:
        print(f"nginx `return 200`: raw socket {floor[0]:.3f} ms, http.client {floor[1]:.3f} ms (median of 800), "
              f"{floor[2]:.1f} µs of CPU per request")
    if args.bare_nio:
        for mode, what in (("http", "NIO's HTTP codec"), ("bytes", "no codec")):
            raw, client, cpu = bare_nio_floor(args.bare_nio, mode)
            print(f"bare NIO, {what}, 300 bytes: raw socket {raw:.3f} ms, http.client {client:.3f} ms (median of 3000), "
                  f"{cpu:.1f} µs of CPU per request")
    builds = {"B": args.bin} | ({"A": args.against} if args.against else {})
    rounds = args.rounds if args.against else 1
    results = {name: [] for name in builds}
    for round_ in range(rounds):
        order = sorted(builds) if round_ % 2 == 0 else sorted(builds, reverse=True)
        for name in order:
            results[name].append(measure_build(builds[name], store, queries, args.requests))

    def median(name, query, field):
        return statistics.median(result[query][field] for result in results[name])

    header = "| query | raw socket ms | http.client ms | server CPU µs/request |"
    print(f"\nOtklik ({args.bin}); medians over {rounds} round(s) of {args.requests} requests\n")
    print(header + (" A's CPU µs | B/A |" if args.against else ""))
    print("|---" * (header.count("|") - 1 + (2 if args.against else 0)) + "|")
    for query in queries:
        row = f"| {query.name} | {median('B', query.name, 0):.3f} | {median('B', query.name, 1):.3f} | {median('B', query.name, 2):.1f} |"
        if args.against:
            a, b = median("A", query.name, 2), median("B", query.name, 2)
            row += f" {a:.1f} | {b / a:.3f} |"
        print(row)


if __name__ == "__main__":
    main()
