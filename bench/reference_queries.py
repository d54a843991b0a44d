#!/usr/bin/env python3
"""The four reference dashboard queries (QUERIES below; BENCHMARKS.md) on N rows from the reference generator:
DuckDB (in-memory table, warm median) against Otklik (data loaded through `otklik import`, queries through
the same metrics service as the API, warm median), answers compared. Exits non-zero if any answer differs."""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The reference data generator is the project's shared benchmark data beside the clone (../shared/bench on the
# project's machines), read at run time; it is not part of the repository (docs/architecture.md, "Benchmarks").
GENERATOR = os.path.join(ROOT, "..", "shared", "bench", "gen_data.py")
NOW = 1735689600

QUERIES = {
    "Q1": f"""SELECT 100.0*(count(*) FILTER (WHERE nps_score>=9) - count(*) FILTER (WHERE nps_score<=6))/count(*) AS nps, count(*) AS n
              FROM responses WHERE ts >= {NOW}-90*86400 AND ts < {NOW}""",
    "Q2": """SELECT touchpoint_id, (ts + 259200) // 604800 AS wk, count(*) AS n,
              100.0*(count(*) FILTER (WHERE nps_score>=9) - count(*) FILTER (WHERE nps_score<=6))/count(*) AS nps
              FROM responses GROUP BY 1,2 ORDER BY 1,2""",
    "Q3": f"""SELECT segment_id, channel_id, count(*) AS n,
              100.0*(count(*) FILTER (WHERE nps_score>=9) - count(*) FILTER (WHERE nps_score<=6))/count(*) AS nps,
              avg(csat) AS csat_mean, 100.0*count(*) FILTER (WHERE csat>=4)/NULLIF(count(csat),0) AS csat_t2b
              FROM responses WHERE survey_id=10 AND ts >= {NOW}-30*86400 AND ts < {NOW}
              GROUP BY 1,2 ORDER BY 1,2""",
    "Q4": """SELECT employee_id, avg(csat) AS csat_mean, count(csat) AS n FROM responses
              GROUP BY employee_id HAVING count(csat) >= 30 ORDER BY csat_mean ASC, employee_id LIMIT 10""",
}


def iso_week_label(week_number):
    """DuckDB's Monday-based week number ((ts + 3 days) // 7 days) as an ISO week label like 2024-W05."""
    monday = datetime.date(1970, 1, 1) + datetime.timedelta(days=week_number * 7 - 3)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def duckdb_answers(parquet, runs):
    import duckdb
    con = duckdb.connect()
    con.execute(f"CREATE TABLE responses AS SELECT * FROM read_parquet('{parquet}')")
    timings, answers = {}, {}
    for name, sql in QUERIES.items():
        times = []
        for i in range(runs + 2):
            started = time.perf_counter()
            rows = con.execute(sql).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        timings[name] = statistics.median(times[2:])
        if name == "Q1":
            answers[name] = {"nps": float(rows[0][0]), "n": rows[0][1]}
        elif name == "Q2":
            answers[name] = [[tp, iso_week_label(wk), n, float(nps)] for tp, wk, n, nps in rows]
        elif name == "Q3":
            answers[name] = [[s, c, n, float(nps), None if m is None else float(m), None if t is None else float(t)]
                             for s, c, n, nps, m, t in rows]
        else:
            answers[name] = [[e, float(m), n] for e, m, n in rows]
    con.close()  # free its memory and threads before Otklik is timed on the same two cores
    return timings, answers


def same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing: build it with `swift build -c release --product otklik`")

    data = os.path.join(ROOT, "bench-data")
    os.makedirs(data, exist_ok=True)
    prefix = os.path.join(data, f"responses-{args.rows}")
    if not os.path.exists(prefix + ".csv"):
        print(f"generating {args.rows:,} rows …", flush=True)
        subprocess.run([sys.executable, GENERATOR, str(args.rows), prefix, "--csv"], check=True)
    store = os.path.join(data, f"otklik-{args.rows}")
    marker = os.path.join(store, "imported")
    if not os.path.exists(marker):
        print("importing through `otklik import` …", flush=True)
        started = time.time()
        subprocess.run([args.bin, "import", prefix + ".csv", "--data-dir", store, "--create-missing",
                        "--map", "submitted_at=ts", "--map", "answers.nps=nps_score", "--map", "answers.csat=csat",
                        "--map", "answers.ces=ces", "--map", "idempotency_key=id"], check=True)
        print(f"imported in {time.time() - started:.0f} s", flush=True)
        open(marker, "w").write("ok\n")

    duck_ms, duck_answers = duckdb_answers(prefix + ".parquet", args.runs)
    out = subprocess.run([args.bin, "bench", "queries", "--data-dir", store, "--runs", str(args.runs), "--json"],
                         check=True, capture_output=True, text=True).stdout
    otklik = json.loads(out)

    failed = False
    print(f"\n{args.rows:,} rows; warm median of {args.runs} runs each")
    print(f"{'query':6} {'DuckDB ms':>10} {'Otklik ms':>10} {'speed-up':>9}  {'answers':8} {'≥10×':5}")
    for name in QUERIES:
        ours = otklik["queries"][name]
        equal = same(ours["answer"], duck_answers[name])
        ratio = duck_ms[name] / ours["median_ms"] if ours["median_ms"] > 0 else float("inf")
        failed |= not equal
        print(f"{name:6} {duck_ms[name]:10.2f} {ours['median_ms']:10.3f} {ratio:8.1f}×  {'equal' if equal else 'DIFFER':8} "
              f"{'yes' if ratio >= 10 else 'no':5}")
        if not equal:
            print(f"   Otklik: {json.dumps(ours['answer'])[:300]}\n   DuckDB: {json.dumps(duck_answers[name])[:300]}")
    print(f"index: {otklik['bytes_per_response']:.1f} bytes/response (target ≤32); "
          f"start-up with {otklik['responses']:,} responses: {otklik['startup_seconds']:.2f} s (target ≤10)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
