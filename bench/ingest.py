#!/usr/bin/env python3
"""HTTP ingest benchmark: durable single-response POSTs with 64 keep-alive connections (wrk), and batches
of 1,000 (a small keep-alive client), each against a fresh `otklik serve`. After each run the server is
killed with SIGKILL and restarted, and the stored responses are counted: every acknowledged response must
be there. nginx `return 204` with the same wrk command is the reference for raw HTTP on this machine."""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid

import nginx
from pages import free_port, wait_listening

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SURVEY = {"title": {"ru": "Нагрузка"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "NPS"}}, {"id": "csat", "kind": "csat", "text": {"ru": "CSAT"}}]}


class Server:
    def __init__(self, binary, directory):
        self.binary, self.directory, self.port = binary, directory, free_port()
        self.process = subprocess.Popen([binary, "serve", "--data-dir", directory, "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_listening(self.port, 30):
            raise SystemExit("the server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def call(port, method, path, token, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, None if body is None else json.dumps(body).encode(),
                       {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null")


def wrk_command(script, connections, seconds, port):
    """The load of every run here: wrk with two threads and keep-alive connections, posting what the Lua
    script in bench/ builds."""
    return ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", os.path.join(ROOT, "bench", script),
            f"http://127.0.0.1:{port}"]


def wrk_result(out):
    """The numbers the Lua scripts' done() prints after RESULT."""
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", out.split("RESULT", 1)[1])}


def stored(binary, directory):
    out = subprocess.run([binary, "report", "--data-dir", directory, "--metric", "nps", "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["responses"]


def fresh(binary):
    directory = tempfile.mkdtemp(prefix="otklik-ingest-")
    subprocess.run([binary, "migrate", "--data-dir", directory], check=True, capture_output=True)
    token = subprocess.run([binary, "token", "create", "--scope", "admin", "--data-dir", directory],
                           check=True, capture_output=True, text=True).stdout.strip()
    server = Server(binary, directory)
    status, _ = call(server.port, "POST", "/api/v1/surveys", token, SURVEY)
    assert status == 201, status
    for i in range(5):
        call(server.port, "POST", "/api/v1/touchpoints", token, {"name": f"Точка {i + 1}", "stage": "use"})
    return directory, token, server


def single(binary, seconds):
    directory, token, server = fresh(binary)
    env = dict(os.environ, OTKLIK_TOKEN=token, OTKLIK_RUN=uuid.uuid4().hex[:8])
    out = subprocess.run(wrk_command("ingest.lua", 64, seconds, server.port), env=env, capture_output=True, text=True).stdout
    server.kill()
    result = wrk_result(out)
    acknowledged = result["requests"] - result["errors_status"]
    count = stored(binary, directory)
    shutil.rmtree(directory)
    rate = acknowledged / (result["duration_us"] / 1e6)
    print(f"single POSTs, wrk -t2 -c64 {seconds}s: {rate:,.0f} durable responses/s, p50 {result['p50_us'] / 1000:.2f} ms, "
          f"p99 {result['p99_us'] / 1000:.2f} ms; acknowledged {acknowledged:,}, stored after kill -9 {count:,}")
    return rate, count >= acknowledged


def batches(binary, seconds, size=1000, connections=4):
    """Batches of `size` with wrk (bench/batch.lua builds each body with unique keys)."""
    directory, token, server = fresh(binary)
    env = dict(os.environ, OTKLIK_TOKEN=token, OTKLIK_RUN=uuid.uuid4().hex[:8], OTKLIK_BATCH=str(size))
    out = subprocess.run(wrk_command("batch.lua", connections, seconds, server.port), env=env, capture_output=True,
                         text=True).stdout
    server.kill()
    result = wrk_result(out)
    acknowledged = (result["requests"] - result["errors_status"]) * size
    count = stored(binary, directory)
    shutil.rmtree(directory)
    rate = acknowledged / (result["duration_us"] / 1e6)
    print(f"batches of {size}, wrk -t2 -c{connections} {seconds}s: {rate:,.0f} durable responses/s, "
          f"p99 {result['p99_us'] / 1000:.1f} ms per batch; acknowledged {acknowledged:,}, stored after kill -9 {count:,}")
    return rate, count >= acknowledged


def nginx_reference(seconds):
    started = nginx.start("return 204;", workers=2)
    if started is None:
        print("nginx reference: nginx is not installed (apt-get install nginx)")
        return None
    env = dict(os.environ, OTKLIK_TOKEN="x", OTKLIK_RUN="nginx")
    try:
        out = subprocess.run(wrk_command("ingest.lua", 64, seconds, started[1]), env=env, capture_output=True, text=True).stdout
    finally:
        nginx.stop(started)
    result = wrk_result(out)
    rate = result['requests'] / (result['duration_us'] / 1e6)
    print(f"nginx `return 204`, same wrk command: {rate:,.0f} requests/s, p99 {result['p99_us'] / 1000:.2f} ms")
    return rate


def sqlite_ceiling():
    """SQLite's own insert rate in the same schema (bench/sqlite_ceiling.sh): the most batches can reach here."""
    if not shutil.which("sqlite3"):
        print("SQLite reference: the sqlite3 shell is not installed (apt-get install sqlite3)")
        return None
    out = subprocess.run([os.path.join(ROOT, "bench", "sqlite_ceiling.sh")], capture_output=True, text=True, check=True).stdout
    print(out.strip())
    return float(re.search(r"([\d,]+) rows/s", out).group(1).replace(",", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing: build it with `swift build -c release --product otklik`")
    ok = True
    # The targets are absolute numbers for a fast host of this kind; hosts of the same kind differ up to 2×
    # in speed, so each rate is also given against the same run's reference (nginx, SQLite alone).
    single_rate, durable = single(args.bin, args.seconds)
    ok &= durable
    print(f"  target ≥20,000/s: {'met' if single_rate >= 20_000 else 'NOT met'}; every acknowledged response stored: {durable}")
    batch_rate, durable = batches(args.bin, min(args.seconds, 10))
    ok &= durable
    print(f"  target ≥200,000/s: {'met' if batch_rate >= 200_000 else 'NOT met'}; every acknowledged response stored: {durable}")
    nginx = nginx_reference(args.seconds)
    ceiling = sqlite_ceiling()
    if nginx:
        print(f"single POSTs: {100 * single_rate / nginx:.0f}% of nginx's empty-204 rate on this host "
              f"(the target is ~20% of a fast host's ~100k)")
    if ceiling:
        print(f"batches: {100 * batch_rate / ceiling:.0f}% of SQLite's own insert rate on this host")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
