#!/usr/bin/env bash
# What SQLite alone can do on this machine: the responses table as migrations 001–003 leave it (the idempotency index) and
# its foreign keys, WAL + synchronous=NORMAL as the server runs it, 300 transactions of 1,000 rows each,
# rows made by SQL itself (no HTTP, no JSON, no validation, no bind calls). Batch ingest can never be
# faster than this; it is the ceiling to compare `bench/ingest.py`'s batch number with.
# Needs the sqlite3 command-line shell (apt-get install sqlite3; scripts/test installs it).
set -euo pipefail
directory=$(mktemp -d)
trap 'rm -rf "$directory"' EXIT
database="$directory/ceiling.sqlite"
sqlite3 "$database" >/dev/null <<'SQL'
PRAGMA journal_mode = WAL;
CREATE TABLE surveys (id INTEGER PRIMARY KEY);
INSERT INTO surveys VALUES (1);
CREATE TABLE touchpoints (id INTEGER PRIMARY KEY);
INSERT INTO touchpoints VALUES (1), (2), (3), (4), (5);
CREATE TABLE responses (
    id INTEGER PRIMARY KEY, survey_id INTEGER NOT NULL REFERENCES surveys(id), submitted_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL, answers TEXT NOT NULL, comment TEXT, touchpoint_id INTEGER REFERENCES touchpoints(id),
    location_id INTEGER, employee_id INTEGER, channel_id INTEGER, customer_id INTEGER, segment_id INTEGER,
    order_id TEXT, tags TEXT, source TEXT NOT NULL, idempotency_key TEXT,
    nps INTEGER, csat INTEGER, ces INTEGER, ladder INTEGER, stars INTEGER);
CREATE UNIQUE INDEX responses_idempotency ON responses(survey_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
SQL
for t in $(seq 0 299); do
  first=$((t * 1000 + 1)); last=$((t * 1000 + 1000))
  echo "BEGIN; INSERT INTO responses (survey_id, submitted_at, received_at, answers, touchpoint_id, source, idempotency_key, nps, csat)
        SELECT 1, 1764000000 + value, 1764000000, '{\"csat\":' || (1 + value % 5) || ',\"nps\":' || (value % 11) || '}', 1 + value % 5,
               'api', 'a1b2c3d4-' || (value % 2) || '-' || (value / 1000) || '-' || (value % 1000), value % 11, 1 + value % 5
        FROM generate_series($first, $last); COMMIT;"
done > "$directory/transactions.sql"
start=$(date +%s.%N)
sqlite3 -cmd "PRAGMA synchronous = NORMAL" -cmd "PRAGMA foreign_keys = ON" -cmd "PRAGMA cache_size = -65536" \
  "$database" < "$directory/transactions.sql"
end=$(date +%s.%N)
rows=$(sqlite3 "$database" "SELECT count(*) FROM responses")
python3 -c "print(f'SQLite alone, 1,000-row transactions: {$rows / ($end - $start):,.0f} rows/s ($rows rows in {$end - $start:.2f} s)')"
