"""Imports through the real CLI: encodings, delimiters, quoting, all-or-nothing, re-import, a kill mid-import."""
import json
import os
import signal
import subprocess
import time

from conftest import BIN, run

SURVEY_CSV = 'survey_id,submitted_at,answers.nps,answers.csat,comment\n'


def count(directory):
    out = run("report", "--data-dir", directory, "--metric", "nps", "--json").stdout
    return json.loads(out)["responses"]


def prepare(tmp_path):
    directory = str(tmp_path / "data")
    seed = tmp_path / "seed.csv"
    seed.write_text(SURVEY_CSV + "1,2025-03-01T10:00:00Z,9,5,seed\n")
    run("import", str(seed), "--data-dir", directory, "--create-missing")
    return directory


def test_cp1251_semicolon_file_with_quotes(tmp_path):
    directory = prepare(tmp_path)
    text = ('survey_id;submitted_at;answers.nps;answers.csat;comment\r\n'
            '1;07.03.2025 14:30;10;5;"Быстро; вежливо, ""спасибо"""\r\n'
            '1;2025-03-08 09:15;3;2;"Долго ждал выдачи —\r\nдва часа"\r\n'
            '1;1741600000;8;;Нормально, ёлки\r\n')
    path = tmp_path / "cp1251.csv"
    path.write_bytes(text.encode("cp1251"))
    out = run("import", str(path), "--data-dir", directory).stdout
    assert "imported 3 responses" in out
    assert count(directory) == 4
    exported = run("export", "--data-dir", directory, "--filter", "q=спасибо").stdout
    assert 'Быстро; вежливо, ""спасибо""' in exported
    ndjson = run("export", "--data-dir", directory, "--format", "ndjson", "--filter", "q=два часа").stdout
    assert json.loads(ndjson.splitlines()[0])["comment"] == "Долго ждал выдачи —\r\nдва часа"
    # The same file again adds nothing.
    out = run("import", str(path), "--data-dir", directory).stdout
    assert "imported 0 responses, 3 already present" in out
    assert count(directory) == 4


def test_bad_rows_are_named_and_nothing_is_imported(tmp_path):
    directory = prepare(tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text(SURVEY_CSV
                    + "1,2025-03-01T10:00:00Z,9,5,ok\n"
                    + "1,2025-03-01T10:00:00Z,11,5,out of range\n"
                    + "1,yesterday,9,5,bad date\n"
                    + "1,2025-03-01T10:00:00Z,9,5\n")
    result = run("import", str(path), "--data-dir", directory, check=False)
    assert result.returncode != 0
    assert 'line 3, column "answers.nps"' in result.stderr and "outside" in result.stderr
    assert 'line 4, column "submitted_at"' in result.stderr
    assert "line 5: 4 fields where the header has 5" in result.stderr
    assert "nothing was imported" in result.stderr
    assert count(directory) == 1


def test_broken_quoting_and_empty_file(tmp_path):
    directory = prepare(tmp_path)
    path = tmp_path / "quotes.csv"
    path.write_text(SURVEY_CSV + '1,2025-03-01T10:00:00Z,9,5,"never closed\n1,2025-03-01T10:00:00Z,9,5,x\n')
    result = run("import", str(path), "--data-dir", directory, check=False)
    assert result.returncode != 0 and "line 2" in result.stderr and "never closed" in result.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = run("import", str(empty), "--data-dir", directory, check=False)
    assert result.returncode != 0 and "empty" in result.stderr
    assert count(directory) == 1


def test_invalid_utf8_when_utf8_is_demanded(tmp_path):
    directory = prepare(tmp_path)
    path = tmp_path / "latin.csv"
    path.write_bytes((SURVEY_CSV + "1,2025-03-01T10:00:00Z,9,5,").encode() + b"\xff\xfe\n")
    result = run("import", str(path), "--data-dir", directory, "--encoding", "utf8", check=False)
    assert result.returncode != 0 and "line 2" in result.stderr and "UTF-8" in result.stderr


def test_killed_import_leaves_nothing(tmp_path):
    directory = prepare(tmp_path)
    path = tmp_path / "big.csv"
    with open(path, "w") as f:
        f.write(SURVEY_CSV)
        for i in range(300_000):
            f.write(f"1,2025-03-01T10:{i % 60:02d}:00Z,{i % 11},{i % 5 + 1},комментарий {i}\n")
    process = subprocess.Popen([BIN, "import", str(path), "--data-dir", directory],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Kill it while it writes (the database file grows once the transaction has started).
    database = os.path.join(directory, "otklik.sqlite")
    start_size = os.path.getsize(database)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        wal = database + "-wal"
        if os.path.exists(wal) and os.path.getsize(wal) > 4_000_000:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert count(directory) == 1
    # And the same file then imports completely.
    run("import", str(path), "--data-dir", directory)
    assert count(directory) == 300_001


def test_an_export_imports_back_into_its_own_database_and_into_a_new_one(tmp_path):
    """The reported loss: re-imported NDJSON rows lost their location and employee, CSV rows were duplicated."""
    directory = prepare(tmp_path)
    rows = tmp_path / "rows.ndjson"
    rows.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in [
        {"survey_id": 1, "answers": {"nps": 3}, "comment": "=HYPERLINK(\"x\")", "location_id": 4, "employee_id": 16,
         "touchpoint_id": 2, "order_id": "A-1", "tags": ["vip"], "submitted_at": "2025-03-07T14:30:00+03:00"},
        {"survey_id": 1, "answers": {"nps": 10}, "location_id": 5, "channel_id": 3, "customer_id": 9,
         "submitted_at": "2025-03-08T09:00:00Z", "idempotency_key": "pos-1"}]) + "\n")
    run("import", str(rows), "--data-dir", directory, "--create-missing")
    for fmt in ["csv", "ndjson"]:
        exported = tmp_path / f"all.{fmt}"
        run("export", "--data-dir", directory, "--format", fmt, "--output", str(exported))
        out = run("import", str(exported), "--data-dir", directory).stdout
        assert "imported 0 responses, 3 already present" in out, out
        # Into a new database: the same responses, field for field (only the ids are the database's own).
        fresh = str(tmp_path / f"fresh-{fmt}")
        run("import", str(exported), "--data-dir", fresh, "--create-missing")
        original = run("export", "--data-dir", directory, "--format", "ndjson").stdout
        copied = run("export", "--data-dir", fresh, "--format", "ndjson").stdout
        strip = lambda text: [{k: v for k, v in json.loads(line).items() if k != "id"} for line in text.splitlines()]
        assert strip(copied) == strip(original), fmt
        assert count(fresh) == 3


def test_an_ndjson_line_with_a_key_twice_is_refused_with_its_line(tmp_path):
    directory = prepare(tmp_path)
    path = tmp_path / "dup.ndjson"
    path.write_text('{"survey_id": 1, "answers": {"nps": 9}}\n{"survey_id": 1, "answers": {"nps": 9, "nps": 1}}\n')
    result = run("import", str(path), "--data-dir", directory, check=False)
    assert result.returncode != 0
    assert 'line 2, column "answers/nps": the key appears twice' in result.stderr
    assert count(directory) == 1


def test_token_names_follow_the_name_rule_in_the_cli_too(tmp_path):
    directory = prepare(tmp_path)
    result = run("token", "create", "--data-dir", directory, "--scope", "read", "--name", "till\u202e7", check=False)
    assert result.returncode != 0 and "--name:" in result.stderr
    assert run("token", "list", "--data-dir", directory).stdout == ""


def test_an_import_while_the_server_runs_counts_without_a_restart(tmp_path):
    """`otklik import` is another process: the running server notices its commit and counts the rows."""
    from conftest import Server, free_port
    directory = prepare(tmp_path)
    token = run("token", "create", "--data-dir", directory, "--name", "e2e", "--scope", "read").stdout.strip()
    server = Server(["serve", "--data-dir", directory], free_port())
    try:
        status, before = server.json("GET", "/api/v1/metrics?metric=nps", token=token)
        assert status == 200 and before["responses"] == 1
        path = tmp_path / "more.csv"
        path.write_text(SURVEY_CSV + "".join(f"1,2025-03-02T10:00:{i:02d}Z,{i % 11},5,later {i}\n" for i in range(40)))
        run("import", str(path), "--data-dir", directory)
        deadline = time.time() + 15
        while time.time() < deadline:
            status, after = server.json("GET", "/api/v1/metrics?metric=nps", token=token)
            if after["responses"] == 41:
                break
            time.sleep(0.2)
        assert after["responses"] == 41, after
        # The comment search and the lists see them too.
        status, listed = server.json("GET", "/api/v1/responses?q=later&limit=100", token=token)
        assert status == 200 and len(listed["items"]) == 40
    finally:
        server.stop()


def test_a_restart_reads_the_snapshot_of_the_facts_then_the_rows_imported_since(tmp_path):
    """With 60,000 responses the first start reads every row and keeps their facts beside the database; the next
    start reads them from there and only the rows imported since; a deletion makes the next read every row again.
    The answers are the same every time."""
    from conftest import Server, free_port
    directory = prepare(tmp_path)
    rows = "".join(f"1,{1_740_000_000 + 37 * i},{i % 11},{1 + i % 5},{'ok' if i % 9 == 0 else ''}\n" for i in range(60_000))
    (tmp_path / "big.csv").write_text(SURVEY_CSV + rows)
    run("import", str(tmp_path / "big.csv"), "--data-dir", directory)
    token = run("token", "create", "--data-dir", directory, "--name", "e2e", "--scope", "admin").stdout.strip()
    question = "/api/v1/metrics?metric=nps,csat&by=month&has_comment=true"

    def start_and_ask():
        server = Server(["serve", "--data-dir", directory], free_port())
        try:
            _, _, metrics = server.request("GET", "/metrics", token=None)
            loaded = {source: int(line.rsplit(" ", 1)[1]) for line in metrics.decode().splitlines()
                      for source in ("snapshot", "table") if line.startswith(f'otklik_index_load_responses{{source="{source}"}}')}
            status, answer = server.json("GET", question, token=token)
            assert status == 200, answer
            return server, loaded, answer
        except BaseException:
            server.stop()
            raise

    server, loaded, first = start_and_ask()
    server.stop()
    assert loaded == {"snapshot": 0, "table": 60_001}
    assert os.path.getsize(os.path.join(directory, "otklik.sqlite-facts")) > 60_001 * 28

    server, loaded, again = start_and_ask()
    server.stop()
    assert loaded == {"snapshot": 60_001, "table": 0} and again == first

    more = tmp_path / "more.csv"
    more.write_text(SURVEY_CSV + "".join(f"1,{1_745_000_000 + i},10,5,later {i}\n" for i in range(30)))
    run("import", str(more), "--data-dir", directory)
    server, loaded, after_import = start_and_ask()
    try:
        assert loaded == {"snapshot": 60_001, "table": 30}
        assert after_import["responses"] == first["responses"] + 30
        status, listed = server.json("GET", "/api/v1/responses?q=later&limit=1", token=token)
        status, _ = server.json("DELETE", f"/api/v1/responses/{listed['items'][0]['id']}", token=token)
        assert status == 204
        status, live = server.json("GET", question, token=token)
    finally:
        server.stop()
    server, loaded, after_deletion = start_and_ask()
    server.stop()
    assert loaded == {"snapshot": 0, "table": 60_030}
    assert after_deletion == live and after_deletion["responses"] == first["responses"] + 29


def test_the_database_url_chooses_the_store(tmp_path):
    """OTKLIK_DATABASE_URL names the database; a scheme this build cannot open is one clear line."""
    database = tmp_path / "elsewhere" / "feedback.sqlite"
    env = {**os.environ, "OTKLIK_DATABASE_URL": f"sqlite://{database}"}
    seed = tmp_path / "seed.csv"
    seed.write_text(SURVEY_CSV + "1,2025-03-01T10:00:00Z,9,5,seed\n")
    subprocess.run([BIN, "import", str(seed), "--create-missing"], env=env, check=True, capture_output=True, cwd=tmp_path)
    assert database.exists() and not (tmp_path / "otklik-data").exists()
    report = subprocess.run([BIN, "report", "--json"], env=env, check=True, capture_output=True, text=True, cwd=tmp_path)
    assert json.loads(report.stdout)["responses"] == 1
    bad = subprocess.run([BIN, "report"], env={**os.environ, "OTKLIK_DATABASE_URL": "postgres://db/otklik"},
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode != 0 and "OTKLIK_DATABASE_URL" in bad.stderr and "sqlite:///" in bad.stderr, bad.stderr
