#!/usr/bin/env python3
"""Server CPU per ingested response, which varies far less between runs on a shared host than the rate does:
one wrk run shaped like bench/ingest.py's (singles: -c64 with bench/ingest.lua; batches of 1,000: -c4 with
bench/batch.lua) against a fresh `otklik serve`, reading the server's threads' user+system time from /proc.
Usage: bench/ingest_cpu.py single|batch [--seconds 10] [--bin PATH] [--threads]. Compare two builds by
alternating them (BENCHMARKS.md)."""
import argparse
import os
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest  # noqa: E402


def thread_ticks(pid):
    ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except FileNotFoundError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ticks[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return ticks


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["single", "batch"])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--bin", default=os.path.join(ingest.ROOT, ".build", "release", "otklik"))
    parser.add_argument("--threads", action="store_true", help="also print each thread's share")
    args = parser.parse_args()
    directory, token, server = ingest.fresh(args.bin)
    size = 1 if args.mode == "single" else 1000
    env = dict(os.environ, OTKLIK_TOKEN=token, OTKLIK_RUN=uuid.uuid4().hex[:8], OTKLIK_BATCH=str(size))
    script, connections = ("ingest.lua", 64) if args.mode == "single" else ("batch.lua", 4)
    wrk = subprocess.Popen(ingest.wrk_command(script, connections, args.seconds, server.port), env=env,
                           stdout=subprocess.PIPE, text=True)
    # Measure the steady middle of the run: skip the first second and the last two.
    time.sleep(1)
    before, started = thread_ticks(server.process.pid), time.time()
    time.sleep(args.seconds - 3)
    after, elapsed = thread_ticks(server.process.pid), time.time() - started
    out = wrk.communicate()[0]
    server.kill()
    result = ingest.wrk_result(out)
    rate = result["requests"] * size / (result["duration_us"] / 1e6)
    hz = os.sysconf("SC_CLK_TCK")
    shares = sorted(((ticks - before.get(tid, (name, 0))[1]) / hz / elapsed, name)
                    for tid, (name, ticks) in after.items())
    busy = sum(share for share, _ in shares)
    print(f"{args.mode}: {rate:,.0f} responses/s; server {busy * 100:.0f}% of a core, {busy / rate * 1e6:.2f} CPU-µs per response")
    if args.threads:
        for share, name in reversed(shares):
            if share > 0.01:
                print(f"  {share * 100:5.1f}%  {name}")


if __name__ == "__main__":
    main()
