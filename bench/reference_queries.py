#!/usr/bin/env python3
"""The four reference dashboard queries (QUERIES below; BENCHMARKS.md) and ad-hoc questions of our own (ADHOC:
every filter and grouping the reference data has; with `--random K`, also K questions drawn at random by
random_queries.py, which nobody tuned for) on N rows from the reference generator, each timed the way a
user waits for it — through HTTP, `GET /api/v1/metrics` on a running `otklik serve`, the whole body read —
against DuckDB (in-memory table, warm median) in the same run, query by query (each engine's runs right after
the other's: this host's speed drifts over minutes), answers compared value by value; every query also
in-process (the metrics service without HTTP: the answer computed, and computed with its JSON written), which
says what is left to the request itself. Exits non-zero if any answer differs.
Data is loaded through `otklik import` once per row count (bench-data/)."""
import argparse
import datetime
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import nginx
from pages import read_token, serve  # serve: starts `otklik serve` and waits until it listens

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The reference data generator is the project's shared benchmark data beside the clone (../shared/bench on the
# project's machines), read at run time; it is not part of the repository (docs/architecture.md, "Benchmarks").
GENERATOR = os.path.join(ROOT, "..", "shared", "bench", "gen_data.py")
NOW = 1735689600
DAY = 86400

NPS = "100.0*(count(*) FILTER (WHERE nps_score>=9) - count(*) FILTER (WHERE nps_score<=6))/count(*)"
CSAT_T2B = "100.0*count(*) FILTER (WHERE csat>=4)/NULLIF(count(csat),0)"
CES_AGREE = "100.0*count(*) FILTER (WHERE ces>=5)/NULLIF(count(ces),0)"
WEEK = "(ts + 259200) // 604800"
MONTH = "date_trunc('month', to_timestamp(ts))"
QUARTER = "date_trunc('quarter', to_timestamp(ts))"


def day_label(days):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()


def iso_week_label(week_number):
    """DuckDB's Monday-based week number ((ts + 3 days) // 7 days) as an ISO week label like 2024-W05."""
    monday = datetime.date(1970, 1, 1) + datetime.timedelta(days=week_number * 7 - 3)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(moment):
    return f"{moment.year}-{moment.month:02d}"


def quarter_label(moment):
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


class Query:
    """One question asked of both engines: DuckDB SQL whose result rows are (keys…, values…), and the same
    question as API parameters; `columns` are the API answer's columns in the SQL's order, `labels` turn a
    DuckDB time key into the API's label, `ordered` keeps DuckDB's row order (top-N) instead of sorting."""

    def __init__(self, name, title, sql, params, columns, labels=None, ordered=False):
        self.name, self.title, self.sql, self.params = name, title, sql, params
        self.columns, self.labels, self.ordered = columns, labels or {}, ordered

    def duck_rows(self, rows):
        # NaN is DuckDB's 0/0 when nothing matched an ungrouped question; the API answers null.
        out = [[self.labels[i](v) if i in self.labels else ((None if v != v else float(v)) if isinstance(v, float) else v)
                for i, v in enumerate(row)] for row in rows]
        return out if self.ordered else sorted(out, key=lambda r: [str(c) if c is None else c for c in r])

    def api_rows(self, answer):
        index = [answer["columns"].index(c) for c in self.columns]
        if not answer["by"]:  # no grouping: the total
            total = answer["total"]
            return [[total[c.split(".")[0]][c.split(".")[1]] for c in self.columns]]
        # A tag is a code in the groups, named once in `names`.
        tags = answer.get("names", {}).get("tag", {})
        out = [[tags[str(group[i])] if c == "tag" else group[i] for i, c in zip(index, self.columns)]
               for group in answer["groups"]]
        return out if self.ordered else sorted(out, key=lambda r: [str(c) if c is None else c for c in r])


def date(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date().isoformat()


QUERIES = [
    Query("Q1", "overall NPS, last 90 days",
          f"SELECT count(*), {NPS} FROM responses WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW}",
          f"metric=nps&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}", ["nps.n", "nps.value"]),
    Query("Q2", "NPS per touchpoint per ISO week, all history",
          f"SELECT touchpoint_id, {WEEK}, count(*), {NPS} FROM responses GROUP BY 1,2",
          "metric=nps&by=touchpoint,week", ["touchpoint", "week", "nps.n", "nps.value"], {1: iso_week_label}),
    Query("Q3", "one survey, 30 days, by segment x channel: NPS, CSAT mean and top-2-box",
          f"""SELECT segment_id, channel_id, count(*), {NPS}, avg(csat), {CSAT_T2B} FROM responses
              WHERE survey_id=10 AND ts >= {NOW}-30*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          f"metric=nps,csat&survey=10&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}&by=segment,channel&fields=value,interval,n,mean",
          ["segment", "channel", "nps.n", "nps.value", "csat.mean", "csat.value"]),
    Query("Q4", "10 employees with the lowest CSAT mean (>=30 answers)",
          """SELECT employee_id, avg(csat), count(csat) FROM responses
             GROUP BY employee_id HAVING count(csat) >= 30 ORDER BY avg(csat) ASC, employee_id LIMIT 10""",
          "metric=csat&by=employee&min_n=30&sort=mean&order=asc&limit=10&fields=mean,n",
          ["employee", "csat.mean", "csat.n"], ordered=True),
]

# Ad-hoc questions: every dimension of the reference data (survey, touchpoint, employee, segment, channel), has-
# comment either way, score bands on one and on two metrics, periods, and every time bucket, one or two
# dimensions at once. (The reference data has no locations, stages or customers.)
ADHOC = [
    Query("A1", "NPS by employee: 3 segments, 1 channel, 180 days, with a comment",
          f"""SELECT employee_id, count(*), {NPS} FROM responses WHERE segment_id IN (1,2,3) AND channel_id=2
              AND ts >= {NOW}-180*{DAY} AND ts < {NOW} AND comment IS NOT NULL GROUP BY 1""",
          f"metric=nps&by=employee&segment=1,2,3&channel=2&from={date(NOW - 180 * DAY)}&to={date(NOW - DAY)}&has_comment=true",
          ["employee", "nps.n", "nps.value"]),
    Query("A2", "CSAT top-2-box by month for NPS detractors at one touchpoint",
          f"SELECT {MONTH}, count(csat), {CSAT_T2B} FROM responses WHERE touchpoint_id=7 AND nps_score<=6 GROUP BY 1",
          "metric=csat&by=month&touchpoint=7&nps=0..6", ["month", "csat.n", "csat.value"], {0: month_label}),
    Query("A3", "NPS by touchpoint x quarter, one survey, 2024",
          f"""SELECT touchpoint_id, {QUARTER}, count(*), {NPS} FROM responses WHERE survey_id=3
              AND ts >= 1704067200 AND ts < {NOW} GROUP BY 1,2""",
          "metric=nps&survey=3&by=touchpoint,quarter&from=2024-01-01&to=2024-12-31",
          ["touchpoint", "quarter", "nps.n", "nps.value"], {1: quarter_label}),
    Query("A4", "CES agreement by channel x segment, promoters only, 365 days",
          f"""SELECT channel_id, segment_id, count(ces), {CES_AGREE} FROM responses WHERE nps_score>=9
              AND ts >= {NOW}-365*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          f"metric=ces&by=channel,segment&nps=9..10&from={date(NOW - 365 * DAY)}&to={date(NOW - DAY)}",
          ["channel", "segment", "ces.n", "ces.value"]),
    Query("A5", "NPS by day for one employee, all history",
          f"SELECT ts // {DAY}, count(*), {NPS} FROM responses WHERE employee_id=17 GROUP BY 1",
          "metric=nps&employee=17&by=day", ["day", "nps.n", "nps.value"], {0: day_label}),
    Query("A6", "20 employees with the lowest CSAT mean on commented answers (>=30)",
          """SELECT employee_id, avg(csat), count(csat) FROM responses WHERE comment IS NOT NULL
             GROUP BY 1 HAVING count(csat) >= 30 ORDER BY avg(csat), employee_id LIMIT 20""",
          "metric=csat&by=employee&has_comment=true&min_n=30&sort=mean&order=asc&limit=20&fields=mean,n",
          ["employee", "csat.mean", "csat.n"], ordered=True),
    Query("A7", "NPS by segment for 50 touchpoints and 3 channels, 90 days",
          f"""SELECT segment_id, count(*), {NPS} FROM responses WHERE touchpoint_id BETWEEN 1 AND 50
              AND channel_id IN (1,2,3) AND ts >= {NOW}-90*{DAY} AND ts < {NOW} GROUP BY 1""",
          f"metric=nps&by=segment&touchpoint={','.join(map(str, range(1, 51)))}&channel=1,2,3&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}",
          ["segment", "nps.n", "nps.value"]),
    Query("A8", "NPS and CSAT by employee x week for 10 employees, 2024",
          f"""SELECT employee_id, {WEEK}, count(*), {NPS}, count(csat), {CSAT_T2B} FROM responses
              WHERE employee_id BETWEEN 1 AND 10 AND ts >= 1704067200 AND ts < {NOW} GROUP BY 1,2""",
          "metric=nps,csat&employee=1,2,3,4,5,6,7,8,9,10&by=employee,week&from=2024-01-01&to=2024-12-31",
          ["employee", "week", "nps.n", "nps.value", "csat.n", "csat.value"], {1: iso_week_label}),
    Query("A9", "NPS per survey for answers with CSAT 1-2 and CES 1-3 (two bands)",
          f"SELECT survey_id, count(*), {NPS} FROM responses WHERE csat<=2 AND ces<=3 GROUP BY 1",
          "metric=nps&by=survey&csat=1..2&ces=1..3", ["survey", "nps.n", "nps.value"]),
    Query("A10", "NPS by touchpoint x segment, last quarter",
          f"""SELECT touchpoint_id, segment_id, count(*), {NPS} FROM responses
              WHERE ts >= 1727740800 AND ts < {NOW} GROUP BY 1,2""",
          "metric=nps&by=touchpoint,segment&from=2024-10-01&to=2024-12-31",
          ["touchpoint", "segment", "nps.n", "nps.value"]),
    Query("A11", "NPS by channel x month, one survey, answers without a comment",
          f"SELECT channel_id, {MONTH}, count(*), {NPS} FROM responses WHERE survey_id=5 AND comment IS NULL GROUP BY 1,2",
          "metric=nps&survey=5&by=channel,month&has_comment=false",
          ["channel", "month", "nps.n", "nps.value"], {1: month_label}),
    Query("A12", "NPS by segment x week, surveys 1-5, 26 weeks",
          f"""SELECT segment_id, {WEEK}, count(*), {NPS} FROM responses WHERE survey_id BETWEEN 1 AND 5
              AND ts >= {NOW}-182*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          f"metric=nps&survey=1,2,3,4,5&by=segment,week&from={date(NOW - 182 * DAY)}&to={date(NOW - DAY)}",
          ["segment", "week", "nps.n", "nps.value"], {1: iso_week_label}),
    # Tags (a side column, several per response): the reference data has none, so the benchmark gives them by
    # the CSV's id to the store (tag_store) and to DuckDB alike.
    Query("A13", "NPS by month for VIP answers (tag=vip), all history",
          f"SELECT {MONTH}, count(*), {NPS} FROM responses WHERE id % 20 = 0 GROUP BY 1",
          "metric=nps&tag=vip&by=month", ["month", "nps.n", "nps.value"], {0: month_label}),
    Query("A14", "NPS by tag, 2024 (a response counts under each of its tags)",
          f"""SELECT tag, count(*), {NPS} FROM (
                SELECT 'vip' AS tag, nps_score FROM responses WHERE id % 20 = 0 AND ts >= 1704067200 AND ts < {NOW}
                UNION ALL SELECT 'table:' || (id % 5 + 1), nps_score FROM responses
                    WHERE id % 7 = 0 AND ts >= 1704067200 AND ts < {NOW}
                UNION ALL SELECT '—', nps_score FROM responses
                    WHERE id % 20 <> 0 AND id % 7 <> 0 AND ts >= 1704067200 AND ts < {NOW}) GROUP BY 1""",
          "metric=nps&by=tag&from=2024-01-01&to=2024-12-31", ["tag", "nps.n", "nps.value"]),
    Query("A15", "CSAT by employee for two tables' answers with a comment, 180 days",
          f"""SELECT employee_id, count(csat), {CSAT_T2B} FROM responses WHERE id % 7 = 0 AND id % 5 + 1 IN (1, 2)
              AND comment IS NOT NULL AND ts >= {NOW}-180*{DAY} AND ts < {NOW} GROUP BY 1""",
          f"metric=csat&by=employee&tag=table:1,table:2&has_comment=true&from={date(NOW - 180 * DAY)}&to={date(NOW - DAY)}",
          ["employee", "csat.n", "csat.value"]),
    # Many small groups: each group's figures and their JSON cost more than the scan.
    Query("A16", "NPS by employee x month, all history (48,000 groups)",
          f"SELECT employee_id, {MONTH}, count(*), {NPS} FROM responses GROUP BY 1,2",
          "metric=nps&by=employee,month", ["employee", "month", "nps.n", "nps.value"], {1: month_label}),
    Query("A17", "CSAT top-2-box by survey x day, 30 days",
          f"""SELECT survey_id, ts // {DAY}, count(csat), {CSAT_T2B} FROM responses
              WHERE ts >= {NOW}-30*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          f"metric=csat&by=survey,day&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}",
          ["survey", "day", "csat.n", "csat.value"], {1: day_label}),
    Query("A18", "CSAT top-2-box by employee x segment, 90 days (91,000 groups of ~13 answers)",
          f"""SELECT employee_id, segment_id, count(csat), {CSAT_T2B} FROM responses
              WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          f"metric=csat&by=employee,segment&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}",
          ["employee", "segment", "csat.n", "csat.value"]),
    # The simplest questions, one dimension and a recent period, as a newcomer asks them first.
    Query("A19", "NPS by segment, 90 days",
          f"SELECT segment_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW} GROUP BY 1",
          f"metric=nps&by=segment&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}", ["segment", "nps.n", "nps.value"]),
    Query("A20", "NPS by survey, 30 days",
          f"SELECT survey_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-30*{DAY} AND ts < {NOW} GROUP BY 1",
          f"metric=nps&by=survey&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}", ["survey", "nps.n", "nps.value"]),
    Query("A21", "NPS by day, 30 days",
          f"SELECT ts // {DAY}, count(*), {NPS} FROM responses WHERE ts >= {NOW}-30*{DAY} AND ts < {NOW} GROUP BY 1",
          f"metric=nps&by=day&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}", ["day", "nps.n", "nps.value"],
          {0: day_label}),
    Query("A22", "NPS by employee, 30 days (2,000 groups)",
          f"SELECT employee_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-30*{DAY} AND ts < {NOW} GROUP BY 1",
          f"metric=nps&by=employee&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}", ["employee", "nps.n", "nps.value"]),
    # Questions written after the engine was tuned, to look for slow paths the ones above do not reach: a score
    # band with a mean, employee lists, one day, seven days, 2023 alone, two bands, and the largest grouping the
    # reference shape has (touchpoint × employee, 150,000 groups in 30 days).
    Query("A23", "CSAT mean by touchpoint for answers with CES 1-3, 2024",
          f"""SELECT touchpoint_id, avg(csat), count(csat) FROM responses WHERE ces BETWEEN 1 AND 3
              AND ts >= 1704067200 AND ts < {NOW} GROUP BY 1""",
          "metric=csat&by=touchpoint&ces=1..3&from=2024-01-01&to=2024-12-31&fields=mean,n",
          ["touchpoint", "csat.mean", "csat.n"]),
    Query("A24", "NPS by employee x month at touchpoints 10-20, 2024",
          f"""SELECT employee_id, {MONTH}, count(*), {NPS} FROM responses WHERE touchpoint_id BETWEEN 10 AND 20
              AND ts >= 1704067200 AND ts < {NOW} GROUP BY 1,2""",
          "metric=nps&by=employee,month&touchpoint=" + ",".join(map(str, range(10, 21))) + "&from=2024-01-01&to=2024-12-31",
          ["employee", "month", "nps.n", "nps.value"], {1: month_label}),
    Query("A25", "NPS by survey x channel for 100 employees, 365 days",
          f"""SELECT survey_id, channel_id, count(*), {NPS} FROM responses WHERE employee_id BETWEEN 100 AND 199
              AND ts >= {NOW}-365*{DAY} AND ts < {NOW} GROUP BY 1,2""",
          "metric=nps&by=survey,channel&employee=" + ",".join(map(str, range(100, 200)))
          + f"&from={date(NOW - 365 * DAY)}&to={date(NOW - DAY)}",
          ["survey", "channel", "nps.n", "nps.value"]),
    Query("A26", "NPS by segment x quarter, all history",
          f"SELECT segment_id, {QUARTER}, count(*), {NPS} FROM responses GROUP BY 1,2",
          "metric=nps&by=segment,quarter", ["segment", "quarter", "nps.n", "nps.value"], {1: quarter_label}),
    Query("A27", "CSAT top-2-box by day at one touchpoint and channel, 90 days",
          f"""SELECT ts // {DAY}, count(csat), {CSAT_T2B} FROM responses WHERE touchpoint_id=33 AND channel_id=2
              AND ts >= {NOW}-90*{DAY} AND ts < {NOW} GROUP BY 1""",
          f"metric=csat&by=day&touchpoint=33&channel=2&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}",
          ["day", "csat.n", "csat.value"], {0: day_label}),
    Query("A28", "CES agreement by touchpoint for detractors with CSAT 4-5 (two bands), all history",
          f"SELECT touchpoint_id, count(ces), {CES_AGREE} FROM responses WHERE nps_score <= 6 AND csat >= 4 GROUP BY 1",
          "metric=ces&by=touchpoint&nps=0..6&csat=4..5", ["touchpoint", "ces.n", "ces.value"]),
    Query("A29", "NPS by channel x segment, 7 days",
          f"""SELECT channel_id, segment_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-7*{DAY} AND ts < {NOW}
              GROUP BY 1,2""",
          f"metric=nps&by=channel,segment&from={date(NOW - 7 * DAY)}&to={date(NOW - DAY)}",
          ["channel", "segment", "nps.n", "nps.value"]),
    Query("A30", "NPS by employee for 500 employees, one day",
          f"""SELECT employee_id, count(*), {NPS} FROM responses WHERE employee_id BETWEEN 1 AND 500
              AND ts >= {NOW}-{DAY} AND ts < {NOW} GROUP BY 1""",
          "metric=nps&by=employee&employee=" + ",".join(map(str, range(1, 501))) + f"&from={date(NOW - DAY)}&to={date(NOW - DAY)}",
          ["employee", "nps.n", "nps.value"]),
    Query("A31", "NPS by touchpoint x employee, 30 days (150,000 groups)",
          f"""SELECT touchpoint_id, employee_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-30*{DAY} AND ts < {NOW}
              GROUP BY 1,2""",
          f"metric=nps&by=touchpoint,employee&from={date(NOW - 30 * DAY)}&to={date(NOW - DAY)}",
          ["touchpoint", "employee", "nps.n", "nps.value"]),
    Query("A32", "NPS by survey x week, 2023",
          f"SELECT survey_id, {WEEK}, count(*), {NPS} FROM responses WHERE ts >= 1672531200 AND ts < 1704067200 GROUP BY 1,2",
          "metric=nps&by=survey,week&from=2023-01-01&to=2023-12-31", ["survey", "week", "nps.n", "nps.value"], {1: iso_week_label}),
    Query("A33", "NPS by touchpoint for 20 employees' answers with a comment, all history",
          f"""SELECT touchpoint_id, count(*), {NPS} FROM responses WHERE employee_id BETWEEN 1 AND 20
              AND comment IS NOT NULL GROUP BY 1""",
          "metric=nps&by=touchpoint&has_comment=true&employee=" + ",".join(map(str, range(1, 21))),
          ["touchpoint", "nps.n", "nps.value"]),
    # A comparison with the period before (`fields=…,previous`), found slow by trying the fields the drawn questions
    # never ask for: each of 91,000 groups with its own figures over the 90 days before, and the change.
    Query("A34", "NPS by employee x segment, 90 days, against the 90 days before (91,000 groups)",
          f"""WITH now AS (SELECT employee_id, segment_id, count(*) AS n, {NPS} AS nps FROM responses
                           WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW} GROUP BY 1,2),
                   before AS (SELECT employee_id, segment_id, count(*) AS n, {NPS} AS nps FROM responses
                              WHERE ts >= {NOW}-180*{DAY} AND ts < {NOW}-90*{DAY} GROUP BY 1,2)
              SELECT employee_id, segment_id, now.n, now.nps, coalesce(before.n, 0), before.nps, now.nps - before.nps
              FROM now LEFT JOIN before USING (employee_id, segment_id)""",
          f"metric=nps&by=employee,segment&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}&fields=value,n,previous",
          ["employee", "segment", "nps.n", "nps.value", "nps.previous_n", "nps.previous", "nps.change"]),
    # Found the same way: the few worst of many groups (`sort`, `limit`), and a search of the comments' text (`q`,
    # answered by the store, not the index: DuckDB's ILIKE over the column in memory is far ahead of it).
    Query("A35", "the ten employee x segment groups with the lowest NPS, 90 days",
          f"""SELECT employee_id, segment_id, count(*), {NPS} AS nps FROM responses WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW}
              GROUP BY 1,2 ORDER BY nps, employee_id, segment_id LIMIT 10""",
          f"metric=nps&by=employee,segment&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}&sort=value&order=asc&limit=10",
          ["employee", "segment", "nps.n", "nps.value"], ordered=True),
    Query("A36", "NPS by touchpoint for comments containing «вклад» in any case, 90 days",
          f"""SELECT touchpoint_id, count(*), {NPS} FROM responses WHERE ts >= {NOW}-90*{DAY} AND ts < {NOW}
              AND comment ILIKE '%вклад%' GROUP BY 1""",
          f"metric=nps&by=touchpoint&from={date(NOW - 90 * DAY)}&to={date(NOW - DAY)}&q=%D0%B2%D0%BA%D0%BB%D0%B0%D0%B4",
          ["touchpoint", "nps.n", "nps.value"]),
]


def add_query_choice(parser):
    """The options that choose the questions asked (`chosen_queries`)."""
    parser.add_argument("--only", help="comma-separated query names (Q2,A3,R5 …)")
    parser.add_argument("--random", type=int, default=0, metavar="K",
                        help="also K random ad-hoc questions (R1…RK; bench/random_queries.py)")
    parser.add_argument("--seed", type=int, default=1, help="the random questions' seed")


def chosen_queries(args):
    """The hand-written queries and the drawn ones, narrowed to --only; and the drawn ones apart."""
    from random_queries import random_queries  # it imports this module
    drawn = random_queries(args.random, args.seed)
    return [q for q in QUERIES + ADHOC + drawn if not args.only or q.name in args.only.split(",")], drawn


def tag_store(store):
    """Gives the imported responses tags once, by the CSV's id (kept as the idempotency key): "vip" to every 20th,
    "table:1"…"table:5" to every 7th — 19% of responses tagged, some twice. Straight SQL: the server reads them at
    start. DuckDB's side of A13–A15 asks the same of `id`."""
    import sqlite3
    db = sqlite3.connect(os.path.join(store, "otklik.sqlite"))
    db.execute("""UPDATE responses SET tags = CASE
        WHEN CAST(idempotency_key AS INTEGER) % 20 = 0 AND CAST(idempotency_key AS INTEGER) % 7 = 0
            THEN json_array('vip', 'table:' || (CAST(idempotency_key AS INTEGER) % 5 + 1))
        WHEN CAST(idempotency_key AS INTEGER) % 20 = 0 THEN json_array('vip')
        ELSE json_array('table:' || (CAST(idempotency_key AS INTEGER) % 5 + 1)) END
        WHERE CAST(idempotency_key AS INTEGER) % 20 = 0 OR CAST(idempotency_key AS INTEGER) % 7 = 0""")
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


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


def timed_pairs(binary, store, parquet, queries, runs):
    """Each query asked of both engines one after the other, so that both are timed in the same minute of this
    host, whose speed drifts by tens of per cent over minutes: first DuckDB (in-memory table), then Otklik
    through `GET /api/v1/metrics` on a served copy of the data (the time until the whole body is read), each a
    warm median of `runs` after two warm-ups, each engine's runs in a block of their own (so each runs with its
    own data warm in the caches, as before). Then nginx serves Otklik's answer, the same bytes as a static file,
    through the same client: the least any HTTP server can take to hand over that answer here (`wire_ms`), so a
    query whose DuckDB time is under ten times it cannot be answered ten times faster through HTTP by anyone.
    Returns DuckDB's times and answers, Otklik's results (time, bytes, groups, answer, wire_ms: None without
    nginx) and the server's peak RSS at the end."""
    import duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute(f"CREATE TABLE responses AS SELECT * FROM read_parquet('{parquet}')")
    token = read_token(binary, store, "bench")
    server, connection = serve(binary, store)
    answers = tempfile.mkdtemp(prefix="answers-")
    os.chmod(answers, 0o755)  # nginx's workers run as another user
    wire = nginx.start(f"root {answers}; default_type application/json;")
    wire_connection = http.client.HTTPConnection("127.0.0.1", wire[1]) if wire else None
    duck_ms, duck_answers, results = {}, {}, {}
    try:
        headers = {"Authorization": "Bearer " + token}
        for query in queries:
            times = []
            for i in range(runs + 2):
                started = time.perf_counter()
                rows = con.execute(query.sql).fetchall()
                times.append((time.perf_counter() - started) * 1000)
            duck_ms[query.name] = statistics.median(times[2:])
            duck_answers[query.name] = query.duck_rows(rows)

            path = "/api/v1/metrics?" + query.params
            times = []
            for i in range(runs + 2):
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                times.append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    raise SystemExit(f"{query.name}: {response.status} {body[:300]!r}")
            answer = json.loads(body)
            results[query.name] = {"ms": statistics.median(times[2:]), "bytes": len(body),
                                   "groups": len(answer["groups"]), "answer": query.api_rows(answer),
                                   "wire_ms": wire_time(wire_connection, answers, query.name, body, runs)}
        with open(f"/proc/{server.pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    finally:
        server.terminate()
        server.wait(timeout=30)
        con.close()
        if wire:
            nginx.stop(wire)
        shutil.rmtree(answers, ignore_errors=True)
    return duck_ms, duck_answers, results, rss


def print_misses(queries, duck_ms, http_results, inside, unreachable):
    """Sorts the questions under 10× by what stands between them and it. A tenth of DuckDB's time is the
    budget; nginx handing over the same bytes takes `wire_ms` of it whatever the server. Under nginx's time
    alone: out of any server's reach. Under nginx's time plus Otklik's own in-process time with the JSON
    written (measured apart, with no HTTP): the engine or its JSON would have to be faster. Otherwise what
    misses is the request's way through Otklik's HTTP server, above what nginx takes (or this minute's host)."""
    engine_bound, path_bound = [], []
    for query in queries:
        ours = http_results[query.name]
        budget = duck_ms[query.name] / 10
        if ours["ms"] <= budget or ours["wire_ms"] is None or query.name in unreachable:
            continue
        least = ours["wire_ms"] + inside[query.name]["written_ms"]
        (engine_bound if least > budget else path_bound).append(
            f"{query.name} ({ours['ms']:.2f} ms, {budget:.2f} allowed, nginx + in-process {least:.2f})")
    print(f"under 10×, bound by the engine and its JSON (nginx's time plus the in-process time with the JSON over a "
          f"tenth of DuckDB's): {'; '.join(engine_bound) or 'none'}")
    print(f"under 10× in the way through Otklik's HTTP server (or this minute's host), the rest fitting: "
          f"{'; '.join(path_bound) or 'none'}")


def wire_time(connection, directory, name, body, runs):
    """The median time nginx takes to serve `body` from a file through `connection` (None without nginx), after
    two warm-ups. nginx closes a connection after 1,000 requests: the client opens another."""
    if connection is None:
        return None
    with open(os.path.join(directory, name + ".json"), "wb") as f:
        f.write(body)
    times = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        connection.request("GET", f"/{name}.json")
        response = connection.getresponse()
        served = response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200 or served != body:
            raise SystemExit(f"nginx answered {response.status} with {len(served)} bytes for {name}'s {len(body)}")
    return statistics.median(times[2:])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "otklik"))
    add_query_choice(parser)
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
    if not os.path.exists(os.path.join(store, "tagged")):
        print("tagging every 20th and 7th response …", flush=True)
        tag_store(store)
        open(os.path.join(store, "tagged"), "w").write("ok\n")

    queries, drawn = chosen_queries(args)
    # In-process (the metrics service without HTTP), every query asked with the same parameters as through HTTP:
    # the answer computed, and computed with its JSON written. This also sets the organisation's time zone to
    # UTC, the reference queries' days and weeks.
    asked = [arg for q in queries for arg in ("--ask", f"{q.name}={q.params}")]
    out = subprocess.run([args.bin, "bench", "queries", "--data-dir", store, "--runs", str(args.runs), "--json",
                          "--time-zone", "UTC"] + asked, check=True, capture_output=True, text=True).stdout
    engine = json.loads(out)
    duck_ms, duck_answers, http_results, rss = timed_pairs(args.bin, store, prefix + ".parquet", queries, args.runs)

    failed = False
    print(f"\n{args.rows:,} rows; warm median of {args.runs} runs each; Otklik through HTTP (whole body read)")
    print("| query | groups | bytes | DuckDB ms | Otklik HTTP ms | in-process ms | in-process with JSON ms "
          "| nginx, the same bytes, ms | speed-up (HTTP) | answers | ≥10× |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for query in queries:
        ours = http_results[query.name]
        equal = same(ours["answer"], duck_answers[query.name])
        ratio = duck_ms[query.name] / ours["ms"] if ours["ms"] > 0 else float("inf")
        failed |= not equal
        inside = engine["queries"][query.name]
        wire = "–" if ours["wire_ms"] is None else f"{ours['wire_ms']:.3f}"
        print(f"| {query.name} {query.title} | {ours['groups']:,} | {ours['bytes']:,} | {duck_ms[query.name]:.2f} | "
              f"{ours['ms']:.2f} | {inside['median_ms']:.3f} | {inside['written_ms']:.3f} | {wire} | {ratio:.1f}× | "
              f"{'equal' if equal else 'DIFFER'} | {'yes' if ratio >= 10 else 'no'} |")
        if not equal:
            print(f"   Otklik: {json.dumps(ours['answer'])[:300]}\n   DuckDB: {json.dumps(duck_answers[query.name])[:300]}")
    for kind, asked in (("reference and ad-hoc", [q for q in queries if q not in drawn]),
                        (f"random (seed {args.seed})", [q for q in queries if q in drawn])):
        if asked:
            fast = sum(duck_ms[q.name] / http_results[q.name]["ms"] >= 10 for q in asked)
            print(f"{kind}: {fast} of {len(asked)} at ≥10× DuckDB through HTTP")
    wires = {q.name: http_results[q.name]["wire_ms"] for q in queries if http_results[q.name]["wire_ms"] is not None}
    if wires:
        # The answer's own bytes served by nginx: what no server answers faster here. 10× DuckDB needs less.
        bound = [name for name, wire in wires.items() if duck_ms[name] / 10 < wire]
        print(f"nginx serves the answers' bytes through the same client in {min(wires.values()):.3f}–"
              f"{max(wires.values()):.3f} ms; 10× DuckDB through HTTP is out of any server's reach here for "
              + (f"{', '.join(bound)} (DuckDB's time under ten times nginx's for the same bytes)" if bound else "none"))
        print_misses(queries, duck_ms, http_results, engine["queries"], bound)
    print(f"server peak RSS {rss:.0f} MB; index: {engine['bytes_per_response']:.1f} bytes/response, "
          f"{engine['bytes_per_response'] - engine['side_column_bytes_per_response']:.1f} without the tags' "
          f"{engine['side_column_bytes_per_response']:.1f} (target ≤32 for today's dimensions); "
          f"start-up with {engine['responses']:,} responses: {engine['startup_seconds']:.2f} s (target ≤10; "
          f"{engine['facts_from_snapshot']:,} from the snapshot of their facts, {engine['facts_from_table']:,} from the table)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
