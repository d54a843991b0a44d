"""Random ad-hoc questions for reference_queries.py (`--random N --seed S`): questions nobody wrote by hand, drawn
from everything the public metrics API can be asked about the reference data, so that the benchmark also shows
how the engine does on queries it was not tuned for. Each is the same question twice, as DuckDB SQL and as API
parameters, answered and compared like the hand-written ones.

What is drawn, each part independently:
- the metric: NPS, CSAT (top-2-box or mean), CES, or NPS with CSAT;
- the grouping: none, one or two of survey, touchpoint, employee, segment, channel, and at most one time bucket
  (day, ISO week, month, quarter); a large grouping (touchpoint × employee) only over a short period;
- filters: survey, touchpoint, employee, segment and channel (one value, a few, or a range), has-comment either
  way, score bands on one or two metrics, a tag, and a period (a day to two years, or a calendar year);
- for a grouped question over a period, without a time bucket, sometimes a comparison with the period before
  (`fields=value,n,previous`; drawn apart, so that adding it left every seed's other draws as they were).
The draws are seeded, so a seed names a set of questions."""
import random

from reference_queries import (CES_AGREE, CSAT_T2B, DAY, MONTH, NOW, NPS, QUARTER, WEEK, Query, date, day_label,
                               iso_week_label, month_label, quarter_label)

FIRST_DAY = 1672531200  # 2023-01-01, the reference data's first
# dimension → (SQL column, number of values in the reference data)
DIMENSIONS = {"survey": ("survey_id", 20), "touchpoint": ("touchpoint_id", 200), "employee": ("employee_id", 2000),
              "segment": ("segment_id", 50), "channel": ("channel_id", 8)}
BUCKETS = {"day": (f"ts // {DAY}", day_label), "week": (WEEK, iso_week_label), "month": (MONTH, month_label),
           "quarter": (QUARTER, quarter_label)}
# metric → (SQL column, its band's scale)
SCORES = {"nps": ("nps_score", (0, 10)), "csat": ("csat", (1, 5)), "ces": ("ces", (1, 7))}


def random_queries(count, seed):
    rng = random.Random(seed)
    return [draw(rng, f"R{i + 1}", random.Random(f"{seed}:R{i + 1}")) for i in range(count)]


def draw(rng, name, aside):
    """One question from `rng`; `aside` draws what was added later (the comparison), without moving `rng`."""
    title, where, params = [], [], []

    # The period: none, a calendar year, or 1 to 730 days ending on a random day.
    days = None
    shape = rng.random()
    if shape < 0.15:
        title.append("all history")
    elif shape < 0.3:
        year = rng.choice([2023, 2024])
        start = FIRST_DAY + (365 * DAY if year == 2024 else 0)
        end = start + (366 if year == 2024 else 365) * DAY
        days = (end - start) // DAY
        where.append(f"ts >= {start} AND ts < {end}")
        params += [f"from={year}-01-01", f"to={year}-12-31"]
        title.append(str(year))
    else:
        days = rng.choice([1, 7, 14, 30, 60, 90, 180, 365, 730])
        end = NOW - rng.choice([0, 0, 0, rng.randrange(0, 700 - min(days, 699))]) * DAY
        end = max(end, FIRST_DAY + days * DAY)
        start = end - days * DAY
        where.append(f"ts >= {start} AND ts < {end}")
        params += [f"from={date(start)}", f"to={date(end - DAY)}"]
        title.append(f"{days} day{'s' if days > 1 else ''} to {date(end - DAY)}")

    # The grouping: dimensions, then at most one time bucket. Touchpoint × employee only over 30 days or less, a
    # day only over a year or less, and a day by a dimension of more than 50 values only over a month or less:
    # the API answers those too, but with up to a million groups of an answer or two each, which no one reads and
    # which would time little but the writing of JSON.
    dimensions = rng.sample(sorted(DIMENSIONS), rng.choice([0, 1, 1, 1, 2]))
    if set(dimensions) >= {"touchpoint", "employee"} and (days is None or days > 30):
        dimensions.remove("employee")
    bucket = None
    if len(dimensions) < 2 and rng.random() < 0.45:
        bucket = rng.choice(["week", "month", "quarter"] + (["day"] if days is not None and days <= 366 else []))
        if bucket == "day" and dimensions and DIMENSIONS[dimensions[0]][1] > 50 and days > 31:
            bucket = "week"
    by = dimensions + ([bucket] if bucket else [])

    # Dimension filters: 0-3 of them, each one value, a list or a range.
    for dimension in rng.sample(sorted(DIMENSIONS), rng.choice([0, 0, 1, 1, 2, 3])):
        column, size = DIMENSIONS[dimension]
        kind = rng.random()
        if kind < 0.4:
            values = [rng.randint(1, size)]
        elif kind < 0.8:
            values = sorted(rng.sample(range(1, size + 1), rng.randint(2, min(size - 1, 60))))
        else:
            low = rng.randint(1, size - 1)
            values = list(range(low, rng.randint(low + 1, min(size, low + size // 3 + 1)) + 1))
        where.append(f"{column} IN ({','.join(map(str, values))})")
        params.append(f"{dimension}={','.join(map(str, values))}")
        title.append(f"{dimension} ×{len(values)}" if len(values) > 1 else f"{dimension} {values[0]}")

    if rng.random() < 0.2:
        with_comment = rng.random() < 0.5
        where.append(f"comment IS {'NOT ' if with_comment else ''}NULL")
        params.append(f"has_comment={'true' if with_comment else 'false'}")
        title.append("with a comment" if with_comment else "without a comment")

    for band in rng.sample(sorted(SCORES), rng.choice([0, 0, 0, 1, 1, 2])):
        column, (lowest, highest) = SCORES[band]
        low = rng.randint(lowest, highest)
        high = rng.randint(low, highest)
        where.append(f"{column} BETWEEN {low} AND {high}")
        params.append(f"{band}={low}..{high}")
        title.append(f"{band} {low}-{high}")

    if rng.random() < 0.1:
        # The tags tag_store gives: "vip" to every 20th response, "table:k" to every 7th.
        table = rng.randint(1, 5)
        tag, condition = rng.choice([("vip", "id % 20 = 0"), (f"table:{table}", f"id % 7 = 0 AND id % 5 + 1 = {table}")])
        where.append(condition)
        params.append(f"tag={tag}")
        title.append(f"tag {tag}")

    # The metric, and the columns compared.
    metric = rng.choice(["nps", "nps", "csat", "csat-mean", "ces", "nps,csat"])
    keys = [DIMENSIONS[d][0] for d in dimensions] + ([BUCKETS[bucket][0]] if bucket else [])
    labels = {len(dimensions): BUCKETS[bucket][1]} if bucket else {}
    # A group is every combination some matched response falls in, with n 0 where none of them answered the
    # metric (as SQL's GROUP BY gives it, without HAVING).
    if metric == "nps":
        values, columns = ["count(*)", NPS], ["nps.n", "nps.value"]
    elif metric == "csat":
        values, columns = ["count(csat)", CSAT_T2B], ["csat.n", "csat.value"]
    elif metric == "csat-mean":
        values, columns = ["count(csat)", "avg(csat)"], ["csat.n", "csat.mean"]
        params.append("fields=mean,n")
    elif metric == "ces":
        values, columns = ["count(ces)", CES_AGREE], ["ces.n", "ces.value"]
    else:
        values, columns = ["count(*)", NPS, "count(csat)", CSAT_T2B], ["nps.n", "nps.value", "csat.n", "csat.value"]
    params.insert(0, f"metric={metric.split('-')[0]}")
    if by:
        params.append(f"by={','.join(by)}")

    group = f" GROUP BY {','.join(str(i + 1) for i in range(len(keys)))}" if keys else ""
    sql = f"SELECT {', '.join(keys + values)} FROM responses" + (f" WHERE {' AND '.join(where)}" if where else "") + group
    # Against the period before, of the same length (the API's `previous`): each group's n, value, the previous
    # period's n (0 where the group had no answers then), value and the change. The period (`start`, `end`) is the
    # first condition.
    if dimensions and not bucket and days is not None and metric != "csat-mean" and aside.random() < 0.2:
        aliases = [f"k{i}" for i in range(len(keys))]

        def side(conditions):
            return (f"SELECT {', '.join(f'{key} AS {alias}' for key, alias in zip(keys, aliases))}, "
                    f"{', '.join(f'{value} AS v{i}' for i, value in enumerate(values))} FROM responses "
                    f"WHERE {' AND '.join(conditions)}{group}")
        before = [f"ts >= {2 * start - end} AND ts < {start}"] + where[1:]
        figures = []
        for i in range(0, len(values), 2):
            figures += [f"now.v{i}", f"now.v{i + 1}", f"coalesce(before.v{i}, 0)", f"before.v{i + 1}",
                        f"now.v{i + 1} - before.v{i + 1}"]
        sql = (f"WITH now AS ({side(where)}), before AS ({side(before)}) SELECT {', '.join(aliases + figures)} "
               f"FROM now LEFT JOIN before USING ({', '.join(aliases)})")
        columns = [f"{m}.{field}" for m in metric.split(",") for field in ("n", "value", "previous_n", "previous", "change")]
        params.insert(len(params) - 1, "fields=value,n,previous")
        title.append("against the period before")
    return Query(name, f"{metric} by {' x '.join(by) or 'nothing'}; {', '.join(title)}", sql, "&".join(params),
                 by + columns, labels)
