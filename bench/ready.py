#!/usr/bin/env python3
"""Time what a user waits for when the server starts: from launching `otklik serve` to its banner (listening,
the index built), with the server's peak RSS by then and where the index's facts came from.

    python3 bench/ready.py --bin .build/release/otklik --data-dir bench-data/otklik-10000000 --runs 3
    python3 bench/ready.py --bin B --data-dir D --runs 3 --without-snapshot   # the table read, every run
    python3 bench/ready.py --bin A --data-dir D1 --bin B --data-dir D2 --runs 3   # builds alternating

With `--without-snapshot` the snapshot of the facts (`otklik.sqlite-facts`) is deleted before each run, so the
start reads every row and writes the snapshot again.
"""
import argparse
import os
import signal
import subprocess
import time


def ready(binary: str, data_dir: str, port: int) -> tuple[float, int, str]:
    started = time.time()
    # stdbuf: the banner is printed through C stdio, which a pipe would hold until it fills.
    server = subprocess.Popen(["stdbuf", "-oL", binary, "serve", "--data-dir", data_dir, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    banner = ""
    for line in server.stdout:
        if line.startswith("Otklik:"):
            banner = line.strip()
            break
    seconds = time.time() - started
    rss_mb = 0
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                rss_mb = int(line.split()[1]) // 1024
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
    if not banner:
        raise SystemExit(f"{binary} stopped before serving")
    return seconds, rss_mb, banner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", action="append", required=True)
    parser.add_argument("--data-dir", action="append", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8095)
    parser.add_argument("--without-snapshot", action="store_true")
    args = parser.parse_args()
    if len(args.bin) != len(args.data_dir):
        parser.error("one --data-dir for each --bin")
    for run in range(args.runs):
        for binary, data_dir in zip(args.bin, args.data_dir):
            if args.without_snapshot:
                snapshot = os.path.join(data_dir, "otklik.sqlite-facts")
                if os.path.exists(snapshot):
                    os.remove(snapshot)
            seconds, rss_mb, banner = ready(binary, data_dir, args.port)
            print(f"run {run + 1} {binary}: ready in {seconds:.2f} s, peak RSS {rss_mb} MB | {banner}", flush=True)


if __name__ == "__main__":
    main()
