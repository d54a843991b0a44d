"""Fault injection against the real binary, real SQLite files and real signals: kill -9 at random moments during
single and batch ingest under concurrent load, during `otklik import` and during a migration; a full disk (the
data directory on a small tmpfs); a damaged database file.

After every kill the database is reopened and checked: every acknowledged write (a 200/201 the client received)
is stored exactly once, with the id it was acknowledged with; a batch or an import is all there or not at all;
re-sending what was not acknowledged, with the same idempotency keys, stores each exactly once; the analytics
index (answered by the API) counts what the database holds.

pytest runs each scenario a few rounds (~1-2 minutes in all, part of scripts/test). scripts/soak runs the same
scenarios round after round for longer and prints the tally:  python3 Tests/EndToEnd/test_faults.py --minutes 10
"""
import argparse
import dataclasses
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import pytest

from conftest import BIN, Server, free_port, run

SURVEY = {"title": {"ru": "Проверка на отказ", "en": "Fault check"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?"}, "required": True},
                        {"id": "csat", "kind": "csat", "text": {"ru": "Довольны?"}}]}


@dataclasses.dataclass
class Tally:
    """What the faults did and what the checks found; any of the last five non-zero is a failure."""
    kills: int = 0
    acknowledged_checked: int = 0
    resent: int = 0
    resent_already_stored: int = 0  # committed, but the kill took the answer: the re-send gets 200
    imports_checked: int = 0
    imports_killed_before_commit: int = 0
    imports_killed_after_commit: int = 0
    migrations_checked: int = 0
    migrations_interrupted: int = 0  # killed before migration 003 was recorded
    full_disk_refusals: int = 0
    damaged_files_refused: int = 0
    duplicates: int = 0
    missing: int = 0
    partial: int = 0
    wrong_answers: int = 0
    index_mismatches: int = 0
    notes: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not (self.duplicates or self.missing or self.partial or self.wrong_answers or self.index_mismatches)

    def fail(self, kind, note):
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.notes) < 20:
            self.notes.append(note)

    def summary(self):
        lines = [f"  {field.name.replace('_', ' ')}: {getattr(self, field.name)}"
                 for field in dataclasses.fields(self) if field.name != "notes"]
        return "\n".join(lines + [f"  ! {note}" for note in self.notes])


# --- a database, a server, a load -----------------------------------------------------------------------------

class Database:
    """A data directory with an admin token, an ingest token and one live survey."""

    def __init__(self, directory):
        self.directory = directory
        self.file = os.path.join(directory, "otklik.sqlite")
        run("migrate", "--data-dir", directory)
        self.admin = run("token", "create", "--scope", "admin", "--data-dir", directory).stdout.strip()
        self.ingest = run("token", "create", "--scope", "ingest", "--data-dir", directory).stdout.strip()
        server = self.serve()
        status, survey = server.json("POST", "/api/v1/surveys", SURVEY, self.admin)
        assert status == 201, survey
        self.survey, self.code = survey["id"], survey["code"]
        kill(server)

    def serve(self):
        return Server(["serve", "--data-dir", self.directory], free_port())

    def rows(self):
        """idempotency_key → list of ids, read from the file itself (not through the server)."""
        with sqlite3.connect(self.file, timeout=30) as connection:
            found = {}
            for key, id in connection.execute("SELECT idempotency_key, id FROM responses"):
                found.setdefault(key, []).append(id)
            return found

    @property
    def path(self):
        return f"/api/v1/surveys/{self.survey}/responses"


def kill(server):
    """kill -9: no graceful shutdown, only what was committed remains."""
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    server.log.close()


def body_of(key, n):
    return {"answers": {"nps": n % 11, "csat": n % 5 + 1}, "comment": f"отказ {key}", "idempotency_key": key}


class Load:
    """Threads posting over keep-alive connections until the server goes away (or `stop`). Each item is a
    list of keys (one for a single POST, many for a batch); the outcome of every item sent is recorded."""

    def __init__(self, port, path, token, prefix, threads=12, batch=0):
        self.port, self.path, self.token, self.prefix, self.batch = port, path, token, prefix, batch
        self.acknowledged = {}  # key -> id
        self.unacknowledged = []  # lists of keys: sent, no answer
        self.refused = []  # (status, body) of non-2xx answers
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.work, args=(t,), daemon=True) for t in range(threads)]
        for thread in self.threads:
            thread.start()

    def work(self, thread):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        while not self.stopping.is_set():
            n += 1
            keys = [f"{self.prefix}-{thread}-{n}-{j}" for j in range(self.batch)] if self.batch \
                else [f"{self.prefix}-{thread}-{n}"]
            payload = [body_of(k, n + j) for j, k in enumerate(keys)] if self.batch else body_of(keys[0], n)
            try:
                connection.request("POST", self.path, json.dumps(payload).encode(),
                                   {"Content-Type": "application/json", "Authorization": "Bearer " + self.token})
                response = connection.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.unacknowledged.append(keys)
                return
            with self.lock:
                if response.status in (200, 201):
                    answer = json.loads(raw)
                    ids = answer["ids"] if self.batch else [answer["id"]]
                    self.acknowledged.update(zip(keys, ids))
                else:
                    self.refused.append((response.status, dict(response.headers), raw, keys))

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)


def post(port, path, token, keys, ndjson=False):
    """One request (a batch when several keys) on a fresh connection: (status, headers, body). NDJSON is always
    answered by the router, never by the ingest fast lane: both paths must answer the same."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    payload = [body_of(k, i) for i, k in enumerate(keys)] if len(keys) > 1 else body_of(keys[0], 0)
    data = "\n".join(json.dumps(item) for item in payload) if ndjson else json.dumps(payload)
    connection.request("POST", path, data.encode(),
                       {"Content-Type": "application/x-ndjson" if ndjson else "application/json",
                        "Authorization": "Bearer " + token})
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    return response.status, response.headers, json.loads(raw) if raw else None


def check_stored(db, tally, acknowledged, unacknowledged, server):
    """Every acknowledged key once with its id; each unacknowledged request all-or-nothing; then re-sent with the
    same keys: each key exactly once; and the index counts what the file holds."""
    rows = db.rows()
    for key, ids in rows.items():
        if len(ids) > 1:
            tally.fail("duplicates", f"{key} stored {len(ids)} times")
    for key, id in acknowledged.items():
        tally.acknowledged_checked += 1
        if key not in rows:
            tally.fail("missing", f"acknowledged {key} (id {id}) is not stored")
        elif rows[key] != [id]:
            tally.fail("wrong_answers", f"{key} was acknowledged as id {id}, stored as {rows[key]}")
    for keys in unacknowledged:
        present = sum(key in rows for key in keys)
        if 0 < present < len(keys):
            tally.fail("partial", f"a batch of {len(keys)} is stored in part ({present})")
        status, _, answer = post(server.port, db.path, db.ingest, keys)
        tally.resent += 1
        tally.resent_already_stored += status == 200
        if status not in (200, 201) or (status == 200) != (present == len(keys)):
            tally.fail("wrong_answers", f"re-sent {keys[0]}… ({present}/{len(keys)} stored): {status} {answer}")
    rows = db.rows()
    for keys in unacknowledged:
        for key in keys:
            if len(rows.get(key, [])) != 1:
                tally.fail("missing" if key not in rows else "duplicates", f"re-sent {key}: stored {rows.get(key)}")
    check_index(db, tally, server, expected=sum(len(ids) for ids in rows.values()))


def check_index(db, tally, server, expected):
    status, report = server.json("GET", "/api/v1/metrics?metric=nps", token=db.admin)
    n = report["total"]["nps"]["n"] if status == 200 else None
    if n != expected:
        tally.fail("index_mismatches", f"the index counts {n} responses, the database holds {expected}")


# --- the scenarios --------------------------------------------------------------------------------------------

def rounds_until(rounds, deadline):
    """Round numbers: `rounds` of them, fewer when the soak's deadline comes first (but always two: the first
    round of an import or a migration runs to the end to time it, the second is killed)."""
    for round in range(rounds):
        if round >= 2 and deadline is not None and time.time() >= deadline:
            return
        yield round


def kill_during_ingest(root, tally, rounds, batch=0, deadline=None):
    """(a) single POSTs, or (b) batches of `batch`, from 12 concurrent clients; kill -9 at a random moment."""
    db = Database(os.path.join(root, "batches" if batch else "singles"))
    for round in rounds_until(rounds, deadline):
        server = db.serve()
        load = Load(server.port, db.path, db.ingest, f"r{round}", batch=batch)
        time.sleep(random.uniform(0.2, 1.5))
        kill(server)
        tally.kills += 1
        load.stop()
        for status, headers, raw, keys in load.refused:
            tally.fail("wrong_answers", f"{keys[0]}: {status} {raw[:200]!r}")
        server = db.serve()
        try:
            check_stored(db, tally, load.acknowledged, load.unacknowledged, server)
        finally:
            kill(server)


def import_file(path, prefix, rows):
    with open(path, "w") as file:
        file.write("survey_id,submitted_at,answers.nps,answers.csat,comment,idempotency_key\n")
        for i in range(rows):
            file.write(f"1,2025-03-{i % 28 + 1:02d}T10:00:00Z,{i % 11},{i % 5 + 1},импорт {i},{prefix}-{i}\n")


def kill_during_import(root, tally, rounds, rows=20_000, deadline=None):
    """(c) `otklik import` of a CSV killed at a random moment: all of the file is stored, or none of it."""
    db = Database(os.path.join(root, "import"))
    duration = None
    for round in rounds_until(rounds, deadline):
        csv = os.path.join(root, f"import-{round}.csv")
        prefix = f"imp{round}"
        import_file(csv, prefix, rows)
        started = time.time()
        process = subprocess.Popen([BIN, "import", csv, "--data-dir", db.directory],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if duration is None:  # the first round runs to the end, to learn how long an import takes
            assert process.wait(600) == 0, process.stderr.read()
            duration = time.time() - started
        else:
            # Mostly in the second half, where the rows are written and committed; now and then just after.
            time.sleep(random.uniform(0.3, 1.05) * duration)
            process.send_signal(signal.SIGKILL)
            process.wait()
            tally.kills += 1
        process.stderr.close()
        stored = sum(key.startswith(prefix + "-") for key in db.rows())
        tally.imports_checked += 1
        if round > 0:  # killed
            tally.imports_killed_before_commit += stored == 0
            tally.imports_killed_after_commit += stored == rows
        if stored not in (0, rows):
            tally.fail("partial", f"an import killed midway left {stored} of {rows} rows")
        result = run("import", csv, "--data-dir", db.directory, "--json", check=False)
        outcome = json.loads(result.stdout) if result.returncode == 0 else None
        if outcome is None or outcome["imported"] + outcome["already_present"] != rows \
                or outcome["already_present"] != stored:
            tally.fail("wrong_answers", f"re-import after {stored} stored: {result.returncode} {result.stdout[:300]}")
        found = db.rows()
        present = [key for key in (f"{prefix}-{i}" for i in range(rows)) if len(found.get(key, [])) == 1]
        tally.acknowledged_checked += rows
        if len(present) != rows:
            tally.fail("missing", f"after re-import, {rows - len(present)} rows of {prefix} missing or doubled")


def make_older(db_file):
    """Undoes migration 003 (it drops an index on responses): the next start has real work to do."""
    with sqlite3.connect(db_file, timeout=30) as connection:
        connection.execute("CREATE INDEX IF NOT EXISTS responses_survey_time ON responses(survey_id, submitted_at)")
        connection.execute("DELETE FROM grdb_migrations WHERE identifier LIKE '003%'")


def kill_during_migration(root, tally, rounds, rows=100_000, deadline=None):
    """(d) `otklik migrate`, or a server starting, on an older database with many rows, killed at a random moment:
    the file must open (quick_check ok), a re-run must complete, and no response may be lost."""
    db = Database(os.path.join(root, "migrate"))
    csv = os.path.join(root, "migrate.csv")
    import_file(csv, "mig", rows)
    run("import", csv, "--data-dir", db.directory)
    duration = None
    for round in rounds_until(rounds, deadline):
        make_older(db.file)
        serve = round % 2 == 1
        command = [BIN, "serve", "--port", str(free_port())] if serve else [BIN, "migrate"]
        started = time.time()
        process = subprocess.Popen(command + ["--data-dir", db.directory],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if duration is None:
            assert process.wait(600) == 0
            duration = time.time() - started
        else:
            # A server never ends by itself: kill it within its start (migration, then the index).
            time.sleep(random.uniform(0, duration))
            process.send_signal(signal.SIGKILL)
            process.wait()
            tally.kills += 1
        tally.migrations_checked += 1
        with sqlite3.connect(db.file, timeout=30) as connection:
            tally.migrations_interrupted += not connection.execute(
                "SELECT count(*) FROM grdb_migrations WHERE identifier LIKE '003%'").fetchone()[0]
        # `otklik migrate` checks every page before it migrates; `otklik check` then checks the result.
        migrate = run("migrate", "--data-dir", db.directory, check=False)
        if migrate.returncode != 0 or "schema up to date" not in migrate.stdout:
            tally.fail("partial", f"re-running the migration: {migrate.returncode} {migrate.stdout}{migrate.stderr}")
        with sqlite3.connect(db.file, timeout=30) as connection:
            if not connection.execute("SELECT count(*) FROM grdb_migrations WHERE identifier LIKE '003%'").fetchone()[0]:
                tally.fail("partial", "after re-running the migration, 003 is still not recorded")
        check = run("check", "--data-dir", db.directory, check=False)
        if check.returncode != 0:
            tally.fail("partial", f"after a killed migration, otklik check: {check.stdout}{check.stderr}")
        with sqlite3.connect(db.file, timeout=30) as connection:
            if connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'responses_survey_time'").fetchone()[0]:
                tally.fail("partial", "migration 003 is recorded but its index is still there")
        stored = db.rows()
        tally.acknowledged_checked += rows
        if sum(key.startswith("mig-") for key in stored) != rows:
            tally.fail("missing", f"after a killed migration, {len(stored)} rows instead of {rows}")


def answer_survey_page(port, code, form_key=None):
    """The public survey page answered as a customer's phone does (English): (form key, status, headers, html)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    if form_key is None:
        connection.request("GET", f"/s/{code}?lang=en")
        page = connection.getresponse().read().decode()
        form_key = re.search(r'name="k" value="([^"]+)"', page).group(1)
    connection.request("POST", f"/s/{code}?lang=en", urllib.parse.urlencode({"k": form_key, "q_nps": "9"}).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    html = response.read().decode()
    connection.close()
    return form_key, response.status, response.headers, html


class Tmpfs:
    """A small file system of its own (tmpfs; needs root): the data directory's disk, to fill up."""

    def __init__(self, root, megabytes):
        self.mountpoint = os.path.join(root, "tmpfs")
        os.makedirs(self.mountpoint, exist_ok=True)
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", self.mountpoint],
                                capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs: {result.stderr.strip()}")

    def fill(self):
        """Writes a filler file until the disk is full."""
        path = os.path.join(self.mountpoint, "filler")
        with open(path, "ab") as file:
            try:
                while True:
                    file.write(b"\0" * 65536)
                    file.flush()
            except OSError:
                pass
        return path

    def unmount(self):
        subprocess.run(["umount", "-l", self.mountpoint], check=False)


def full_disk(root, tally):
    """The data directory on an 8 MB tmpfs, filled up: ingest answers 503 storage_full with Retry-After (never 500),
    the server stays up, the index claims nothing the file lacks; once the filler is deleted, writes succeed again
    and nothing acknowledged was lost (checked again after kill -9)."""
    disk = Tmpfs(root, 8)
    try:
        db = Database(os.path.join(disk.mountpoint, "data"))
        server = db.serve()
        try:
            acknowledged, refused, refused_by_router = {}, [], 0
            for n in range(200):
                status, _, answer = post(server.port, db.path, db.ingest, [f"before-{n}"])
                assert status == 201, answer
                acknowledged[f"before-{n}"] = answer["id"]
            filler = disk.fill()
            # The log may still have room in pages it already holds: post until the disk says no.
            n = 0
            while len(refused) < 20 and n < 20_000:
                n += 1
                keys = [f"full-{n}"] if n % 2 else [f"full-{n}-{j}" for j in range(50)]
                status, headers, answer = post(server.port, db.path, db.ingest, keys, ndjson=n % 4 == 2)
                if status in (200, 201):
                    ids = answer["ids"] if len(keys) > 1 else [answer["id"]]
                    acknowledged.update(zip(keys, ids))
                elif status == 503 and answer.get("code") == "storage_full" and headers.get("Retry-After") \
                        and headers.get("Content-Type", "").startswith("application/problem+json"):
                    refused.append(keys)
                    refused_by_router += n % 4 == 2
                    tally.full_disk_refusals += 1
                else:
                    tally.fail("wrong_answers", f"on a full disk: {status} {headers.get('Retry-After')} {answer}")
                    refused.append(keys)
            assert refused, "the disk never filled up"
            if not refused_by_router or refused_by_router == len(refused):
                tally.fail("wrong_answers", "the fast lane and the router were not both refused on the full disk")
            status, _, _ = server.request("GET", "/healthz")
            if status != 200 or server.process.poll() is not None:
                tally.fail("wrong_answers", f"the server did not stay up on a full disk (healthz {status})")
            # A customer answering the survey page gets a page saying so (and the same Retry-After), not an error.
            form_key, status, headers, html = answer_survey_page(server.port, db.code)
            if status != 503 or not headers.get("Retry-After") or "disk is full" not in html:
                tally.fail("wrong_answers", f"the survey page on a full disk: {status} {html[:300]!r}")
            # Refused writes must not be in the index: it counts what the file holds, even while the disk is full.
            check_index(db, tally, server, expected=len(db.rows()))
            os.remove(filler)
            _, status, _, html = answer_survey_page(server.port, db.code, form_key)
            if status != 303:
                tally.fail("wrong_answers", f"the survey page after space returned: {status} {html[:300]!r}")
            for keys in refused:
                status, _, answer = post(server.port, db.path, db.ingest, keys, ndjson=len(keys) > 1)
                if status != 201:
                    tally.fail("wrong_answers", f"after space returned, {keys[0]}: {status} {answer}")
                else:
                    acknowledged.update(zip(keys, answer["ids"] if len(keys) > 1 else [answer["id"]]))
        finally:
            kill(server)
        tally.kills += 1
        server = db.serve()
        try:
            check_stored(db, tally, acknowledged, [], server)
        finally:
            kill(server)
    finally:
        disk.unmount()


DAMAGE = {
    "header": lambda data: os.urandom(100) + data[100:],
    "truncated": lambda data: data[: len(data) // 3],
    "middle": lambda data: data[: len(data) // 2] + os.urandom(64 * 1024) + data[len(data) // 2 + 64 * 1024:],
}


def damaged_database(root, tally, kind, rows=20_000):
    """A real database file damaged on disk: start, migrate and check each refuse it with one clear line."""
    db = Database(os.path.join(root, f"damaged-{kind}"))
    csv = os.path.join(root, f"damaged-{kind}.csv")
    import_file(csv, "dmg", rows)
    run("import", csv, "--data-dir", db.directory)
    with sqlite3.connect(db.file) as connection:  # everything into the file itself; no log to replay
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(db.file, "rb") as file:
        data = file.read()
    with open(db.file, "wb") as file:
        file.write(DAMAGE[kind](data))
    for command in (["serve", "--port", str(free_port())], ["migrate"], ["check"]):
        result = subprocess.run([BIN, *command, "--data-dir", db.directory], capture_output=True, text=True, timeout=120)
        said = result.stdout + result.stderr
        if result.returncode == 0 or "otklik.sqlite is damaged" not in said or "restore it from a backup" not in said:
            tally.fail("wrong_answers", f"{kind} damage, otklik {command[0]}: exit {result.returncode}: {said[-400:]}")
        else:
            tally.damaged_files_refused += 1


# --- pytest: the short version --------------------------------------------------------------------------------

def assert_clean(tally):
    print("\n" + tally.summary())
    assert tally.ok, tally.summary()


def test_kill_during_single_posts(tmp_path):
    tally = Tally()
    kill_during_ingest(str(tmp_path), tally, rounds=4)
    assert_clean(tally)
    assert tally.acknowledged_checked > 0 and tally.kills == 4


def test_kill_during_batches(tmp_path):
    tally = Tally()
    kill_during_ingest(str(tmp_path), tally, rounds=4, batch=100)
    assert_clean(tally)
    assert tally.acknowledged_checked > 0


def test_kill_during_import(tmp_path):
    tally = Tally()
    kill_during_import(str(tmp_path), tally, rounds=4)
    assert_clean(tally)
    assert tally.kills == 3


def test_kill_during_migration(tmp_path):
    tally = Tally()
    kill_during_migration(str(tmp_path), tally, rounds=5, rows=50_000)
    assert_clean(tally)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_full_disk(tmp_path):
    tally = Tally()
    full_disk(str(tmp_path), tally)
    assert_clean(tally)
    assert tally.full_disk_refusals > 0


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_database_is_refused(tmp_path, kind):
    tally = Tally()
    damaged_database(str(tmp_path), tally, kind)
    assert_clean(tally)
    assert tally.damaged_files_refused == 3


# --- scripts/soak: the long version ---------------------------------------------------------------------------

def soak(minutes):
    tally = Tally()
    started = time.time()
    deadline = started + minutes * 60
    loop = 0
    scenarios = [
        ("single POSTs", lambda root: kill_during_ingest(root, tally, rounds=10, deadline=deadline)),
        ("batches", lambda root: kill_during_ingest(root, tally, rounds=10, batch=100, deadline=deadline)),
        ("import", lambda root: kill_during_import(root, tally, rounds=6, rows=50_000, deadline=deadline)),
        ("migration", lambda root: kill_during_migration(root, tally, rounds=6, rows=200_000, deadline=deadline)),
        ("full disk", lambda root: full_disk(root, tally) if os.geteuid() == 0 else None),
        *[(f"damaged file ({kind})", lambda root, kind=kind: damaged_database(root, tally, kind)) for kind in DAMAGE],
    ]
    while time.time() < deadline:
        loop += 1
        for name, scenario in scenarios:
            if loop > 1 and time.time() >= deadline:  # the first loop runs every scenario, however short the soak
                break
            root = tempfile.mkdtemp(prefix="otklik-soak-")
            scenario_started = time.time()
            try:
                scenario(root)
            except pytest.skip.Exception as skipped:
                tally.notes.append(f"{name} skipped: {skipped}")
            finally:
                shutil.rmtree(root, ignore_errors=True)
            print(f"[loop {loop}] {name}: {time.time() - scenario_started:.0f} s; kills so far {tally.kills}, "
                  f"acknowledged checked {tally.acknowledged_checked}, "
                  f"{'no loss' if tally.ok else 'FAILURES'}", flush=True)
    print(f"soak: {loop} loops in {(time.time() - started) / 60:.1f} min\n{tally.summary()}")
    print("soak: OK" if tally.ok else "soak: FAILED (duplicates, missing, partial, wrong answers or index mismatches)")
    return 0 if tally.ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Fault-injection soak (see scripts/soak).")
    parser.add_argument("--minutes", type=float, default=10)
    sys.exit(soak(parser.parse_args().minutes))
