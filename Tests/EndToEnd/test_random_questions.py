"""Questions nobody wrote a test for: sixty drawn at random by the benchmark's generator (bench/random_queries.py:
metric, grouping, filters, score bands, tags and period each drawn), and the benchmark's hand-written ones, asked
through `GET /api/v1/metrics` of a store imported with `otklik import` from the reference generator's rows, each
answer compared value by value with DuckDB's over the same rows. The analytics suites compare the index with a
brute-force count in-process; this asks the whole product — the import, the API's parsing, the organisation's
time zone, the JSON — the way a user would.

OTKLIK_RANDOM_SEED draws other questions (the default is fixed, so that a failure can be asked again)."""
import os
import subprocess
import sys

from conftest import Server, free_port, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import reference_queries  # noqa: E402  (bench/ is not a package)
from random_queries import random_queries  # noqa: E402

# Four blocks of the index, three of them sealed (runs, row lists, per-value counts) and one still filling.
ROWS = 200_000
SEED = int(os.environ.get("OTKLIK_RANDOM_SEED", "7"))


def test_random_and_reference_questions_answer_as_duckdb_does(tmp_path):
    import duckdb

    prefix = str(tmp_path / "responses")
    subprocess.run([sys.executable, reference_queries.GENERATOR, str(ROWS), prefix, "--csv"], check=True,
                   capture_output=True)
    store = str(tmp_path / "store")
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
    finally:
        server.stop()
