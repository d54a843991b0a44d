#!/usr/bin/env python3
"""Independent reference for the customer-value figures (issue 16) over an Online Retail II CSV, computed in SQL
by DuckDB to the definitions in the value spec (money in integer pence; Quantity x Price in DECIMAL, rounded half
away from zero to the penny). Prints one JSON object (integers only) to stdout; a test compares Otklik's figures
with it value by value, and with --time a benchmark puts DuckDB's time beside Otklik's.

    python3 bench/value_reference.py [--file PATH] [--margin-bp N] [--cost-per-order PENCE] [--time]

PATH may be gzipped (by its .gz name) or plain, and must have the Online Retail II header. Every column is read as
VARCHAR and cast here, strictly: a Quantity that is not an integer, a Price with more than 6 decimals, or an
InvoiceDate not in `YYYY-MM-DD HH:MM:SS` stops the script rather than being guessed at."""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = os.path.join(ROOT, "..", "shared", "data", "online-retail-ii-2009-2010.csv.gz")
HEADER = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"]

SEGMENTS = ["champions", "loyal", "potential_loyalist", "new", "promising",
            "need_attention", "about_to_sleep", "at_risk", "cannot_lose", "hibernating"]


def check_header(path):
    with open(path, "rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        first = f.readline().rstrip("\r\n")
    if first.split(",") != HEADER:
        sys.exit(f"{path}: header is {first!r}, expected {','.join(HEADER)!r}")
    if gz != path.endswith(".gz"):
        sys.exit(f"{path}: gzipped content must have a .gz name and plain content must not")


def load(con, path):
    """The CSV into table `lines`: one row per line, typed. Customer NULL when the field is empty.
    Returns the seconds spent in read_csv alone (the rest is checks and casts)."""
    t0 = time.perf_counter()
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in HEADER) + "}"
    con.execute(f"""
        CREATE OR REPLACE TABLE raw AS
        SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                               columns = {columns}, compression = 'auto')""", [path])
    read_s = time.perf_counter() - t0
    bad = con.execute("""
        SELECT count(*) FILTER (WHERE Invoice IS NULL OR Invoice = ''),
               count(*) FILTER (WHERE Quantity IS NULL OR NOT regexp_full_match(Quantity, '-?[0-9]+')),
               count(*) FILTER (WHERE Price IS NULL OR NOT regexp_full_match(Price, '-?[0-9]+(\\.[0-9]{1,6})?')),
               count(*) FILTER (WHERE InvoiceDate IS NULL OR
                                      NOT regexp_full_match(InvoiceDate, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'))
        FROM raw""").fetchone()
    if any(bad):
        sys.exit(f"{path}: unparseable fields (invoice, quantity, price, date): {bad}")
    # amount = Quantity x Price exactly in DECIMAL (38 digits, 6 decimals: overflow raises, never wraps),
    # ROUND on DECIMAL rounds half away from zero (-0.005 -> -0.01); then x100 is an exact integer of pence.
    con.execute("""
        CREATE OR REPLACE TABLE lines AS
        SELECT Invoice AS invoice,
               NULLIF("Customer ID", '') AS customer,
               starts_with(Invoice, 'C') AS cancel,
               ts,
               CAST(ts AS DATE) AS day,
               CAST(ROUND(CAST(Quantity AS DECIMAL(38, 0)) * CAST(Price AS DECIMAL(38, 6)), 2) * 100 AS BIGINT)
                   AS amount
        FROM (SELECT *, strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS ts FROM raw)""")
    con.execute("DROP TABLE raw")
    return read_s


def compute(con, margin_bp, cost_per_order):
    q = lambda sql, *params: con.execute(sql, list(params)).fetchall()
    out = {}

    (out["lines"], out["lines_without_customer"], out["amount_without_customer"], first_day, last_day) = q("""
        SELECT count(*), count(*) FILTER (WHERE customer IS NULL),
               CAST(coalesce(sum(amount) FILTER (WHERE customer IS NULL), 0) AS BIGINT), min(day), max(day)
        FROM lines""")[0]
    as_of = q("SELECT CAST(max(day) + 1 AS DATE) FROM lines")[0][0]
    out["as_of"] = as_of.isoformat()

    # Orders: distinct non-cancellation invoices of a customer; an order's time is its earliest line's time.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE orders AS
        SELECT customer, invoice, CAST(min(ts) AS DATE) AS day
        FROM lines WHERE customer IS NOT NULL AND NOT cancel GROUP BY customer, invoice""")

    # cost = revenue x (10000 - m) / 10000 rounded half away from zero (integers: floor((2|x| + d) / 2d) with
    # the sign of x), plus orders x c. No margin set: no cost of goods.
    if margin_bp is None:
        goods_cost = "0"
    else:
        x = f"(CAST(revenue AS HUGEINT) * {10000 - margin_bp})"
        goods_cost = (f"(CASE WHEN {x} >= 0 THEN ({x} * 2 + 10000) // 20000 "
                      f"ELSE -((-{x} * 2 + 10000) // 20000) END)")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE cust AS
        WITH r AS (SELECT customer, CAST(sum(amount) AS BIGINT) AS revenue FROM lines
                   WHERE customer IS NOT NULL GROUP BY customer),
             o AS (SELECT customer, count(*) AS orders, min(day) AS first_day, max(day) AS last_day FROM orders
                   GROUP BY customer)
        SELECT r.customer, r.revenue, coalesce(o.orders, 0) AS orders, o.first_day, o.last_day,
               CAST(r.revenue - {goods_cost} - coalesce(o.orders, 0) * {cost_per_order} AS BIGINT) AS profit
        FROM r LEFT JOIN o USING (customer)""")
    out["customers"], out["revenue"], out["profit"] = q(
        "SELECT count(*), CAST(coalesce(sum(revenue), 0) AS BIGINT), CAST(coalesce(sum(profit), 0) AS BIGINT) "
        "FROM cust")[0]

    # Pareto and ABC: profit descending, ties by customer id ascending (binary string order).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ranked AS
        SELECT customer, profit,
               row_number() OVER w AS i,
               CAST(sum(profit) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS HUGEINT) AS cum,
               (SELECT CAST(sum(profit) AS HUGEINT) FROM cust) AS total
        FROM cust WINDOW w AS (ORDER BY profit DESC, customer ASC)""")
    # Without a profit in all (total ≤ 0) "N% of customers bring 80% of profit" means nothing: no point (0, 0).
    k = q("SELECT i, CAST(cum AS BIGINT) FROM ranked WHERE total > 0 AND cum * 100 >= 80 * total ORDER BY i LIMIT 1")
    out["pareto"] = {"top_customers": k[0][0] if k else 0, "customers": out["customers"],
                     "top_profit": k[0][1] if k else 0}
    con.execute("""
        CREATE OR REPLACE TEMP TABLE abc AS
        SELECT customer, profit,
               CASE WHEN (cum - profit) * 100 < 80 * total THEN 'A'
                    WHEN (cum - profit) * 100 < 95 * total THEN 'B' ELSE 'C' END AS class
        FROM ranked""")
    counts = dict(q("SELECT class, count(*) FROM abc GROUP BY class"))
    out["abc"] = {c: counts.get(c, 0) for c in "ABC"}
    counts = dict(q("""
        SELECT CASE WHEN profit < 0 THEN 'unprofitable' WHEN class = 'A' AND profit > 0 THEN 'profitable'
                    ELSE 'middling' END AS g, count(*)
        FROM abc GROUP BY g"""))
    out["subgroups"] = {g: counts.get(g, 0) for g in ("profitable", "middling", "unprofitable")}

    # RFM over customers with orders >= 1: score = 1 + floor(5 (rank - 1) / n), rank worst first, ties share.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE rfm AS
        WITH b AS (SELECT customer, CAST(? - last_day AS BIGINT) AS recency, orders, revenue,
                          count(*) OVER () AS n
                   FROM cust WHERE orders >= 1),
             s AS (SELECT customer, recency, orders, revenue,
                          1 + (5 * (rank() OVER (ORDER BY recency DESC) - 1)) // n AS r,
                          1 + (5 * (rank() OVER (ORDER BY orders ASC) - 1)) // n AS f,
                          1 + (5 * (rank() OVER (ORDER BY revenue ASC) - 1)) // n AS m
                   FROM b)
        SELECT *,
               CASE WHEN r <= 2 AND f <= 2 THEN 'hibernating'
                    WHEN r <= 2 AND f <= 4 THEN 'at_risk'
                    WHEN r <= 2 THEN 'cannot_lose'
                    WHEN r = 3 AND f <= 2 THEN 'about_to_sleep'
                    WHEN r = 3 AND f = 3 THEN 'need_attention'
                    WHEN r IN (3, 4) AND f >= 4 THEN 'loyal'
                    WHEN r = 4 AND f = 1 THEN 'promising'
                    WHEN r = 5 AND f = 1 THEN 'new'
                    WHEN f <= 3 THEN 'potential_loyalist'
                    ELSE 'champions' END AS segment
        FROM s""", [as_of])
    out["rfm_customers"] = q("SELECT count(*) FROM rfm")[0][0]
    counts = dict(q("SELECT segment, count(*) FROM rfm GROUP BY segment"))
    out["rfm_segments"] = {s: counts.get(s, 0) for s in SEGMENTS}
    out["rfm_scores"] = {}
    for col in ("r", "f", "m"):
        counts = dict(q(f"SELECT {col}, count(*) FROM rfm GROUP BY {col}"))
        out["rfm_scores"][col.upper()] = [counts.get(s, 0) for s in range(1, 6)]

    # Cohorts: month of the first purchase day; active[k] = cohort customers with an order in month cohort + k,
    # k = 0 .. the month of the last data day (the latest line's day, as_of - 1).
    rows = q("""
        WITH c AS (SELECT customer, date_trunc('month', first_day) AS cohort FROM cust WHERE orders >= 1),
             grid AS (SELECT cohort, CAST(unnest(generate_series(cohort, date_trunc('month', CAST(? AS DATE)),
                                                                  INTERVAL 1 MONTH)) AS DATE) AS month
                      FROM (SELECT DISTINCT cohort FROM c)),
             act AS (SELECT c.cohort, date_trunc('month', o.day) AS month, count(DISTINCT o.customer) AS n
                     FROM orders o JOIN c USING (customer) GROUP BY ALL),
             sizes AS (SELECT cohort, count(*) AS size FROM c GROUP BY cohort)
        SELECT strftime(g.cohort, '%Y-%m'), s.size, list(coalesce(a.n, 0) ORDER BY g.month)
        FROM grid g JOIN sizes s USING (cohort) LEFT JOIN act a ON a.cohort = g.cohort AND a.month = g.month
        GROUP BY g.cohort, s.size ORDER BY g.cohort""", last_day)
    out["cohorts"] = [{"cohort": c, "size": n, "active": list(a)} for c, n, a in rows]

    # CRR: for each month after the data's first month up to the last data day's month. A customer "at" t has an
    # order day in [t - 12 months, t) (calendar months; DuckDB clamps a 29-31 to the month's end).
    rows = q("""
        WITH m AS (SELECT CAST(unnest(generate_series(date_trunc('month', CAST(? AS DATE)) + INTERVAL 1 MONTH,
                                                      date_trunc('month', CAST(? AS DATE)), INTERVAL 1 MONTH))
                               AS DATE) AS start),
             b AS (SELECT start, least(CAST(start + INTERVAL 1 MONTH AS DATE), CAST(? AS DATE)) AS "end" FROM m)
        SELECT strftime(start, '%Y-%m'),
               (SELECT count(DISTINCT customer) FROM orders
                WHERE day >= CAST(b.start - INTERVAL 12 MONTH AS DATE) AND day < b.start),
               (SELECT count(DISTINCT customer) FROM orders
                WHERE day >= CAST(b."end" - INTERVAL 12 MONTH AS DATE) AND day < b."end"),
               (SELECT count(*) FROM cust WHERE first_day >= b.start AND first_day < b."end")
        FROM b ORDER BY start""", first_day, last_day, as_of)
    out["crr"] = [{"month": mo, "start": s, "end": e, "new": n} for mo, s, e, n in rows]

    keys = ["customers", "lines", "lines_without_customer", "amount_without_customer", "revenue", "profit",
            "as_of", "pareto", "abc", "subgroups", "rfm_customers", "rfm_segments", "rfm_scores", "cohorts", "crr"]
    return {key: out[key] for key in keys}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", default=DEFAULT_FILE)
    ap.add_argument("--margin-bp", type=int, default=None, help="default margin in basis points (none: no cost)")
    ap.add_argument("--cost-per-order", type=int, default=0, help="cost per order in pence")
    ap.add_argument("--time", action="store_true", help="print DuckDB's load and compute times to stderr")
    args = ap.parse_args()
    path = os.path.abspath(args.file)
    check_header(path)

    con = duckdb.connect()
    t0 = time.perf_counter()
    read_s = load(con, path)
    load_s = time.perf_counter() - t0

    result = compute(con, args.margin_bp, args.cost_per_order)
    if args.time:
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            again = compute(con, args.margin_bp, args.cost_per_order)
            runs.append(time.perf_counter() - t0)
            assert again == result
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        print(f"duckdb {duckdb.__version__}, {threads} threads, {os.path.basename(path)}: "
              f"load CSV into table {load_s * 1000:.1f} ms (read_csv {read_s * 1000:.1f} ms, checks and casts "
              f"{(load_s - read_s) * 1000:.1f} ms); compute all figures median of 5 "
              f"{statistics.median(runs) * 1000:.1f} ms (runs: {', '.join(f'{r * 1000:.1f}' for r in runs)} ms)",
              file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
