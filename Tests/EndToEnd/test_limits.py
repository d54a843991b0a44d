"""Every limit of the HTTP server and the ingest API, at its boundary and one past it, against the real
server: at the boundary the request is accepted; one past, the documented 4xx with a body saying which
limit (problem+json naming the field under /api)."""
import json
import socket

import pytest

from conftest import Server, free_port, run

MAX_BODY = 1_500_000  # small for the test, still room for a batch of 50,000 tiny responses
MAX_BATCH = 50_000  # ServerConfig.maxBatchItems
HEADER_BYTES = 80 * 1024  # the decoder's limit for the URL plus every header name and value
COMMENT_BYTES = 10_000  # Survey.maxCommentBytes, also a text answer's
KEY_BYTES = 200  # ResponseSubmission.maxKeyBytes: idempotency_key and order_id
MAX_TAGS, TAG_BYTES = 20, 64
SURVEY = {"title": {"ru": "После ремонта", "en": "After the repair"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?"}, "required": True},
                        {"id": "remark", "kind": "text", "text": {"ru": "Что улучшить?"}}]}


@pytest.fixture(scope="module", params=["1", "0"], ids=["fast-lane", "router-only"])
def server(request, tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("limits") / "data")
    run("migrate", "--data-dir", directory)
    token = run("token", "create", "--scope", "admin", "--data-dir", directory).stdout.strip()
    server = Server(["serve", "--data-dir", directory], free_port(),
                    env={"OTKLIK_MAX_BODY_BYTES": str(MAX_BODY), "OTKLIK_FAST_LANE": request.param})
    status, survey = server.json("POST", "/api/v1/surveys", SURVEY, token)
    assert status == 201, survey
    server.token, server.path = token, f"/api/v1/surveys/{survey['id']}/responses"
    yield server
    server.stop()


def exchange(server, raw):
    """Sends raw bytes; returns (status, headers (lower-case names), body) of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(raw)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            head, separator, body = data.partition(b"\r\n\r\n")
            if separator:
                headers = dict(line.decode().split(": ", 1) for line in head.split(b"\r\n")[1:])
                headers = {name.lower(): value for name, value in headers.items()}
                if len(body) >= int(headers.get("content-length", -1)) >= 0:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    headers = {name.lower(): value for name, value in
               (line.decode().split(": ", 1) for line in head.split(b"\r\n")[1:])}
    return status, headers, body


def post(server, body):
    status, _, raw = server.request("POST", server.path, body, server.token)
    return status, json.loads(raw) if raw else None


def assert_refused(answer, status, code, field=None):
    got, problem = answer
    assert got == status, problem
    assert problem["code"] == code, problem
    if field:
        assert field in [error["field"] for error in problem["errors"]], problem


def padded(size):
    """A valid single response of exactly `size` bytes (JSON allows the trailing spaces)."""
    body = json.dumps({"answers": {"nps": 9}}).encode()
    return body + b" " * (size - len(body))


def test_body_size(server):
    assert post(server, padded(MAX_BODY))[0] == 201
    assert_refused(post(server, padded(MAX_BODY + 1)), 413, "body_too_large")


def test_batch_item_count(server):
    item = json.dumps({"answers": {"nps": 7}})
    batch = lambda n: ("[" + ",".join([item] * n) + "]").encode()
    assert post(server, batch(MAX_BATCH))[0] == 201
    assert_refused(post(server, batch(MAX_BATCH + 1)), 413, "batch_too_large")


@pytest.mark.parametrize("field, at_limit, past_limit", [
    ("comment", "я" * (COMMENT_BYTES // 2), "я" * (COMMENT_BYTES // 2) + "!"),  # bytes, not characters
    ("answers/remark", "a" * COMMENT_BYTES, "a" * (COMMENT_BYTES + 1)),
    ("idempotency_key", "k" * KEY_BYTES, "k" * (KEY_BYTES + 1)),
    ("order_id", "o" * KEY_BYTES, "o" * (KEY_BYTES + 1)),
    ("tags", [f"tag-{i}" for i in range(MAX_TAGS)], [f"tag-{i}" for i in range(MAX_TAGS + 1)]),
    ("tags", ["t" * TAG_BYTES], ["t" * (TAG_BYTES + 1)]),
])
def test_field_lengths(server, field, at_limit, past_limit):
    def response(value):
        body = {"answers": {"nps": 8}}
        if field.startswith("answers/"):
            body["answers"][field.split("/")[1]] = value
        else:
            body[field] = value
        return body

    status, answer = post(server, response(at_limit))
    assert status in (200, 201), answer
    assert_refused(post(server, response(past_limit)), 422, "validation_failed", field)


def test_url_length(server):
    # The URL alone past the decoder's limit is 414; with the headers pushing the request past it, 431.
    target = lambda n: b"/healthz?" + b"a" * (n - len(b"/healthz?"))
    status, _, _ = exchange(server, b"GET " + target(HEADER_BYTES) + b" HTTP/1.1\r\n\r\n")
    assert status == 200
    status, headers, body = exchange(server, b"GET " + target(HEADER_BYTES + 1) + b" HTTP/1.1\r\n\r\n")
    assert status == 414 and headers["content-type"].startswith("text/plain") and b"URL is too long" in body
    api = b"/api/v1/metrics?metric=nps&pad=" + b"a" * HEADER_BYTES
    status, headers, body = exchange(server, b"GET " + api + b" HTTP/1.1\r\n\r\n")
    assert status == 414 and headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == "uri_too_long"


def test_header_size(server):
    # Counted: the URL, every header name and every value.
    fixed = len(b"/healthz") + len(b"Host") + len(b"h") + len(b"X-Pad")
    request = lambda n: b"GET /healthz HTTP/1.1\r\nHost: h\r\nX-Pad: " + b"a" * n + b"\r\n\r\n"
    assert exchange(server, request(HEADER_BYTES - fixed))[0] == 200
    status, headers, body = exchange(server, request(HEADER_BYTES - fixed + 1))
    assert status == 431 and b"headers are too large" in body
    status, headers, body = exchange(
        server, b"GET /api/v1/metrics HTTP/1.1\r\nHost: h\r\nX-Pad: " + b"a" * HEADER_BYTES + b"\r\n\r\n")
    assert status == 431 and json.loads(body)["code"] == "headers_too_large"
