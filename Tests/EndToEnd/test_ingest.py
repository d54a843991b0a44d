"""Ingest through the real server: every acknowledged response survives a kill -9; retries never duplicate."""
import concurrent.futures
import json
import os
import signal

from conftest import Server, free_port, run

SURVEY = {"title": {"ru": "После покупки", "en": "After purchase"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?"}, "required": True},
                        {"id": "csat", "kind": "csat", "text": {"ru": "Довольны покупкой?"}}]}


def start(tmp_path):
    directory = str(tmp_path / "data")
    run("migrate", "--data-dir", directory)
    token = run("token", "create", "--scope", "admin", "--data-dir", directory).stdout.strip()
    server = Server(["serve", "--data-dir", directory], free_port())
    return directory, token, server


def test_acknowledged_responses_survive_kill(tmp_path):
    directory, token, server = start(tmp_path)
    try:
        status, survey = server.json("POST", "/api/v1/surveys", SURVEY, token)
        assert status == 201
        path = f"/api/v1/surveys/{survey['id']}/responses"

        def post(i):
            body = {"answers": {"nps": i % 11, "csat": i % 5 + 1}, "comment": f"ответ {i}", "idempotency_key": f"k-{i}"}
            return i, server.json("POST", path, body, token)

        acknowledged = set()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            for i, (status, body) in pool.map(post, range(600)):
                assert status == 201, body
                acknowledged.add(i)
    finally:
        server.process.send_signal(signal.SIGKILL)  # no graceful shutdown: only what was committed remains
        server.process.wait()
        server.log.close()
    server = Server(["serve", "--data-dir", directory], free_port())
    try:
        keys, cursor = [], None
        while True:
            status, page = server.json("GET", "/api/v1/responses?limit=1000" + (f"&cursor={cursor}" if cursor else ""), token=token)
            assert status == 200
            keys += [item["idempotency_key"] for item in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        assert sorted(keys) == sorted(f"k-{i}" for i in acknowledged)
        status, report = server.json("GET", "/api/v1/metrics?metric=nps", token=token)
        assert report["total"]["nps"]["n"] == len(acknowledged)
    finally:
        server.stop()


def test_retries_with_one_key_store_one_response(tmp_path):
    directory, token, server = start(tmp_path)
    try:
        server.json("POST", "/api/v1/surveys", SURVEY, token)
        body = {"answers": {"nps": 10}, "idempotency_key": "same"}
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda _: server.json("POST", "/api/v1/surveys/1/responses", body, token), range(40)))
        ids = {body["id"] for _, body in results}
        assert len(ids) == 1
        assert sorted(status for status, _ in results).count(201) == 1
        status, page = server.json("GET", "/api/v1/responses", token=token)
        assert len(page["items"]) == 1
    finally:
        server.stop()


def test_bad_input_gets_problem_json(tmp_path):
    directory, token, server = start(tmp_path)
    try:
        server.json("POST", "/api/v1/surveys", SURVEY, token)
        cases = [
            (b'{"answers": {"nps": 9', 400, None),
            (json.dumps({"answers": {"nps": "nine"}}).encode(), 422, "answers/nps"),
            (json.dumps({"answers": {"nps": 9}, "touchpoint_id": "x"}).encode(), 400, "touchpoint_id"),
            (json.dumps({"answers": {"nps": 11}}).encode(), 422, "answers/nps"),
            (json.dumps({"answers": {"why": "x", "nps": 3}}).encode(), 422, "answers/why"),
            (b'\xff\xfe{"answers": {}}', 400, None),
            (json.dumps([{"answers": {"nps": 9}}] * 50 + [{"answers": {"nps": -1}}]).encode(), 422, "50/answers/nps"),
        ]
        for body, expected, field in cases:
            status, content_type, raw = server.request("POST", "/api/v1/surveys/1/responses", body, token)
            assert status == expected, (body[:40], status, raw)
            assert content_type.startswith("application/problem+json")
            problem = json.loads(raw)
            assert problem["status"] == expected and problem["code"]
            if field:
                assert any(error["field"] == field for error in problem["errors"]), problem
        status, page = server.json("GET", "/api/v1/responses", token=token)
        assert page["items"] == []  # the batch with one bad item stored nothing
        status, problem = server.json("POST", "/api/v1/surveys/99/responses", {"answers": {"nps": 1}}, token)
        assert status == 404 and problem["code"] == "not_found"
    finally:
        server.stop()


def read_answers(sock, count):
    """Reads `count` HTTP/1.1 answers (each with Content-Length) off a socket: [(status, headers, body)]."""
    data, answers = b"", []
    while len(answers) < count:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"the server closed the connection after {len(answers)} answers"
            data += chunk
        head, data = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
        length = int(headers["content-length"])
        while len(data) < length:
            data += sock.recv(65536)
        answers.append((int(lines[0].split()[1]), headers, data[:length]))
        data = data[length:]
    return answers


def test_pipelined_requests_are_answered_in_order(tmp_path):
    """The ingest fast lane answers plain POSTs on the event loop; everything else goes to the router. With
    requests of both kinds sent back to back on one connection, the answers must come in request order."""
    import socket
    directory, token, server = start(tmp_path)
    try:
        server.json("POST", "/api/v1/surveys", SURVEY, token)
        server.json("POST", "/api/v1/surveys/1/responses", {"answers": {"nps": 1}}, token)  # token now cached

        def post(body, extra=""):
            raw = json.dumps(body).encode()
            return (f"POST /api/v1/surveys/1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\n{extra}\r\n").encode() + raw

        requests = [post({"answers": {"nps": 9}, "idempotency_key": "p1"}),
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                    post({"answers": {"nps": 10}, "idempotency_key": "p2"}),
                    post({"answers": {"nps": 11}}),  # invalid: the router's problem
                    post([{"answers": {"nps": 3}}, {"answers": {"nps": 4}, "idempotency_key": "p1"}]),
                    post({"answers": {"nps": 9}, "idempotency_key": "p1"}),
                    post({"answers": {"nps": 5}, "idempotency_key": "p3"}, extra="Connection: close\r\n")]
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(b"".join(requests))  # one write: the server reads them all at once
            answers = read_answers(sock, len(requests))
            assert sock.recv(1) == b"", "Connection: close closes the connection after its answer"
        statuses = [status for status, _, _ in answers]
        assert statuses == [201, 200, 201, 422, 201, 200, 201], statuses
        bodies = [json.loads(body) for _, _, body in answers]
        assert bodies[0] == {"id": 2, "replayed": False}
        assert bodies[1] == {"status": "ok", "responses": 2}  # written before the third POST was read
        assert bodies[2] == {"id": 3, "replayed": False}
        assert bodies[3]["code"] == "validation_failed"
        assert bodies[4] == {"ids": [4, 2], "inserted": 1, "replayed": 1}
        assert bodies[5] == {"id": 2, "replayed": True}
        assert bodies[6] == {"id": 5, "replayed": False}
        for _, headers, _ in answers:
            assert headers["server"] == "otklik" and headers["date"].endswith(" GMT")
        status, page = server.json("GET", "/api/v1/responses?limit=100", token=token)
        assert sorted(item["id"] for item in page["items"]) == [1, 2, 3, 4, 5]
    finally:
        server.stop()
