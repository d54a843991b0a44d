"""A newcomer's path: the demo serves, the metrics answer with intervals, the CLI report agrees."""
import json

from conftest import run


def test_health(demo):
    status, body = demo.json("GET", "/healthz")
    assert status == 200 and body["status"] == "ok"
    assert 5_000 <= body["responses"] <= 8_000, "a believable volume: 3–15 answers a branch a day for 26 weeks"


def rows(report):
    """The compact answer's groups as dictionaries by column name."""
    return [dict(zip(report["columns"], group)) for group in report["groups"]]


def test_nps_by_touchpoint_and_week_has_intervals(demo):
    status, report = demo.json("GET", "/api/v1/metrics?metric=nps&by=touchpoint,week&fields=value,interval,n,counts,low_sample")
    assert status == 200
    assert report["columns"] == ["touchpoint", "week", "nps.value", "nps.low", "nps.high", "nps.n", "nps.promoters",
                                 "nps.passives", "nps.detractors", "nps.low_sample"]
    groups = rows(report)
    touchpoints = {g["touchpoint"] for g in groups}
    weeks = {g["week"] for g in groups}
    assert len(touchpoints) >= 15 and len(weeks) >= 26
    assert set(report["names"]["touchpoint"]) == {str(t) for t in touchpoints}, "every touchpoint named once"
    for group in groups:
        if group["nps.n"] > 0:
            assert -100 <= group["nps.low"] <= group["nps.high"] <= 100
            assert group["nps.promoters"] + group["nps.passives"] + group["nps.detractors"] == group["nps.n"]
            expected = 100 * (group["nps.promoters"] - group["nps.detractors"]) / group["nps.n"]
            assert abs(group["nps.value"] - expected) < 1e-9
            assert group["nps.low_sample"] == (group["nps.n"] < 30)


def test_metrics_as_csv_are_the_apps_table(demo):
    status, content_type, body = demo.request("GET", "/api/v1/metrics?metric=nps&by=touchpoint&format=csv")
    assert status == 200 and content_type.startswith("text/csv")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "touchpoint,metric,value,interval_low,interval_high,n,low_sample"
    _, report = demo.json("GET", "/api/v1/metrics?metric=nps&by=touchpoint")
    assert len(lines) == 1 + len(report["groups"])


def test_report_json_agrees_with_api(demo):
    status, api = demo.json("GET", "/api/v1/metrics?metric=nps&by=touchpoint")
    assert status == 200
    cli = json.loads(run("report", "--data-dir", demo.directory, "--metric", "nps", "--by", "touchpoint", "--json").stdout)
    assert cli == api


def test_report_table_is_readable(demo):
    out = run("report", "--data-dir", demo.directory, "--metric", "nps", "--by", "stage").stdout
    for stage in ("awareness", "search", "choice", "purchase", "use", "recommendation"):
        assert stage in out
    assert "total" in out


def test_trends_are_visible(demo):
    """One touchpoint gets worse and one better: a previous-period comparison flags both as significant."""
    status, report = demo.json("GET", "/api/v1/metrics?metric=nps&by=touchpoint,month")
    assert status == 200
    by_touchpoint = {}
    for group in rows(report):
        by_touchpoint.setdefault(group["touchpoint"], []).append(group)
    deltas = []
    for touchpoint, groups in by_touchpoint.items():
        if touchpoint == 0 or len(groups) < 4:
            continue  # answers with no touchpoint, or added by another test: not the demo's months
        groups.sort(key=lambda g: g["month"])
        first, last = groups[1]["nps.value"], groups[-2]["nps.value"]
        deltas.append(last - first)
    assert min(deltas) <= -25 and max(deltas) >= 25


def test_the_demo_api_needs_a_token_to_read_and_the_admin_token_to_write(demo):
    """A demo is often started on a reachable host: its customers' contacts are not for anyone who asks."""
    for path in ["/api/v1/metrics?metric=nps", "/api/v1/responses?limit=1", "/api/v1/customers",
                 "/api/v1/export/responses.csv"]:
        status, _, _ = demo.request("GET", path, token=None)
        assert status == 401, path
    status, problem = demo.json("POST", "/api/v1/surveys/1/responses", {"answers": {"nps": 9}}, token=None)
    assert status == 401 and problem["code"] == "unauthenticated"
    status, problem = demo.json("POST", "/api/v1/surveys/1/responses", {"answers": {"nps": 9}})
    assert status == 403 and problem["code"] == "forbidden"


def test_a_token_revoked_from_the_cli_stops_working_on_the_running_server(demo):
    from conftest import run
    import time
    secret = run("token", "create", "--data-dir", demo.directory, "--scope", "ingest", "--name", "till-7").stdout.strip()
    status, _ = demo.json("POST", "/api/v1/surveys/1/responses", {"answers": {"nps": 9}}, token=secret)
    assert status == 201
    token_id = next(line.split("\t")[0] for line in run("token", "list", "--data-dir", demo.directory).stdout.splitlines()
                    if "\ttill-7\t" in line)
    run("token", "revoke", "--data-dir", demo.directory, token_id)
    time.sleep(1.5)  # the server re-reads a cached token after a second
    status, problem = demo.json("POST", "/api/v1/surveys/1/responses", {"answers": {"nps": 9}}, token=secret)
    assert status == 401 and problem["code"] == "invalid_token"


def test_personal_data_never_reaches_the_log(demo):
    import os
    with open(os.path.join(demo.directory, "demo-admin-token.txt")) as file:
        admin = file.read().strip()
    email, phone = "dpo-probe-5521@example.ru", "+7 900 555-21-21"
    status, customer = demo.json("POST", "/api/v1/customers", {"name": "Зоя Пробная", "email": email, "phone": phone}, token=admin)
    assert status == 201
    demo.json("GET", f"/api/v1/customers/{customer['id']}")
    demo.json("GET", f"/api/v1/customers/{customer['id']}/personal-data", token=admin)
    demo.request("GET", "/api/v1/responses?q=" + email)
    demo.request("POST", "/api/v1/customers", b'{"name": "' + email.encode() + b'", "email": ', token=admin)
    demo.request("POST", "/login", f"email={email}&password=wrong".encode(), content_type="application/x-www-form-urlencoded")
    status, erased = demo.json("POST", f"/api/v1/customers/{customer['id']}/erase", token=admin)
    assert status == 200
    demo.log.flush()
    with open(demo.log.name) as file:
        log = file.read()
    assert email not in log and phone not in log and "Зоя" not in log
