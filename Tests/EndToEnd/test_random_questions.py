"""Questions nobody wrote a test for: sixty drawn at random by the benchmark's generator (bench/random_queries.py:
metric, grouping, filters, score bands, tags and period each drawn), and the benchmark's hand-written ones, asked
through `GET /api/v1/metrics` of a store imported with `otklik import` from the reference generator's rows, each
answer compared value by value with DuckDB's over the same rows. The analytics suites compare the index with a
brute-force count in-process; this asks the whole product — the import, the API's parsing, the organisation's
time zone, the JSON — the way a user would.

OTKLIK_RANDOM_SEED draws other questions (the default is fixed, so that a failure can be asked again)."""
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import Server, free_port, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import reference_queries  # noqa: E402  (bench/ is not a package)
from random_queries import random_queries  # noqa: E402

# Four blocks of the index, three of them sealed (runs, row lists, per-value counts) and one still filling.
ROWS = 200_000
SEED = int(os.environ.get("OTKLIK_RANDOM_SEED", "7"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The server over the imported rows (the organisation's zone set to UTC), and DuckDB over the same rows."""
    import duckdb

    directory = tmp_path_factory.mktemp("questions")
    prefix = str(directory / "responses")
    subprocess.run([sys.executable, reference_queries.GENERATOR, str(ROWS), prefix, "--csv"], check=True,
                   capture_output=True)
    store = str(directory / "store")
    run("import", prefix + ".csv", "--data-dir", store, "--create-missing", "--map", "submitted_at=ts",
        "--map", "answers.nps=nps_score", "--map", "answers.csat=csat", "--map", "answers.ces=ces",
        "--map", "idempotency_key=id")
    reference_queries.tag_store(store)
    token = run("token", "create", "--data-dir", store, "--scope", "read", "--scope", "admin",
                "--name", "questions").stdout.strip()

    database = duckdb.connect()
    database.execute("SET TimeZone='UTC'")
    database.execute(f"CREATE TABLE responses AS SELECT * FROM read_parquet('{prefix}.parquet')")

    server = Server(["serve", "--data-dir", store], free_port())
    server.token = token
    try:
        # The questions' days, weeks and months are UTC's; the organisation's zone is set through the API.
        status, organisation = server.json("GET", "/api/v1/organisation")
        assert status == 200
        status, saved = server.json("PUT", "/api/v1/organisation", {**organisation, "time_zone": "UTC"})
        assert status == 200 and saved.get("time_zone") == "UTC", saved
        yield server, database
    finally:
        server.stop()


def test_random_and_reference_questions_answer_as_duckdb_does(imported):
    server, database = imported
    questions = reference_queries.QUERIES + reference_queries.ADHOC + random_queries(60, SEED)
    differing = []
    for question in questions:
        expected = question.duck_rows(database.execute(question.sql).fetchall())
        status, answer = server.json("GET", "/api/v1/metrics?" + question.params)
        assert status == 200, f"{question.name} ({question.params}): {status} {answer}"
        got = question.api_rows(answer)
        if not reference_queries.same(got, expected):
            differing.append(f"{question.name} {question.title}\n  {question.params}\n  API:    {str(got)[:400]}"
                             f"\n  DuckDB: {str(expected)[:400]}")
    assert not differing, f"seed {SEED}: {len(differing)} of {len(questions)} differ:\n" + "\n".join(differing)


def test_a_large_answer_read_slowly_arrives_whole_and_in_order(imported):
    """Megabytes of answer to a client that reads slowly, with a question pipelined behind it: the server writes
    the answer as the socket drains (the fast lane waits for the socket, not holding its event loop), answers
    others meanwhile, and the pipelined question's answer follows the large one."""
    server, _ = imported
    large = "/api/v1/metrics?metric=nps&by=touchpoint,employee&fields=value,interval,n,counts,histogram"
    small = "/api/v1/metrics?metric=csat&by=channel"
    status, expected_large = server.json("GET", large)  # also the token's first use, which the router checks
    assert status == 200
    status, expected_small = server.json("GET", small)
    assert status == 200
    requests = (f"GET {large} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {server.token}\r\n\r\n"
                f"GET {small} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {server.token}\r\n"
                "Connection: close\r\n\r\n")
    data, others = b"", []
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        sock.sendall(requests.encode())
        time.sleep(0.5)  # the kernel's buffers fill (4 MB at most here) and the rest waits in the server
        while True:
            chunk = sock.recv(16384)
            if not chunk:
                break
            data += chunk
            if len(data) // (1 << 20) > len(others):  # once a megabyte: is anyone else answered meanwhile?
                started = time.monotonic()
                status, _ = server.json("GET", "/healthz")
                others.append((status, time.monotonic() - started))
            time.sleep(0.001)
    first, rest = http_answer(data)
    second, rest = http_answer(rest)
    assert rest == b""
    assert first[0] == 200 and b"transfer-encoding: chunked" in first[1].lower()
    assert len(first[2]) > 5 << 20, "more than the kernel's buffers hold"
    assert json.loads(first[2]) == expected_large
    assert second[0] == 200 and json.loads(second[2]) == expected_small
    assert others and all(status == 200 and seconds < 2 for status, seconds in others), others


def http_answer(data):
    """The first HTTP/1.1 answer in `data` — (status, head, body), its chunked body joined — and what follows."""
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    fields = {line.split(b":")[0].strip().lower(): line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")[1:]}
    if b"content-length" in fields:
        length = int(fields[b"content-length"])
        return (status, head, rest[:length]), rest[length:]
    body = b""
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        body, rest = body + rest[:size], rest[size + 2:]
        if size == 0:
            return (status, head, body), rest
