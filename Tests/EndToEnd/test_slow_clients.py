"""Slow and idle clients against the real server: every connection that stops moving a request forward is
closed after its timeout (idle, headers, body progress), an answer written before the body arrived (413)
still reaches a client that sends the whole body first, and idle sockets cannot starve /healthz.

The server runs with short timeouts (OTKLIK_*_TIMEOUT_SECONDS) so that each case takes a second or two;
the module runs twice, with the fast lane on and off (both paths have the same guard)."""
import json
import os
import resource
import select
import socket
import time
import urllib.request

import pytest

from conftest import Server, free_port, run

IDLE, HEADER, BODY = 3.0, 1.0, 1.0
MAX_BODY = 4096
# How late a close may come after its timeout on a busy 2-core test machine.
SLACK = 1.5
SURVEY = {"title": {"ru": "После ремонта", "en": "After the repair"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?"}, "required": True}]}


def start(tmp_path, env=None, preexec_fn=None):
    directory = str(tmp_path / "data")
    run("migrate", "--data-dir", directory)
    token = run("token", "create", "--scope", "admin", "--data-dir", directory).stdout.strip()
    settings = {"OTKLIK_IDLE_TIMEOUT_SECONDS": str(IDLE), "OTKLIK_HEADER_TIMEOUT_SECONDS": str(HEADER),
                "OTKLIK_BODY_TIMEOUT_SECONDS": str(BODY), "OTKLIK_MAX_BODY_BYTES": str(MAX_BODY), **(env or {})}
    server = Server(["serve", "--data-dir", directory], free_port(), env=settings, preexec_fn=preexec_fn)
    status, survey = server.json("POST", "/api/v1/surveys", SURVEY, token)
    assert status == 201, survey
    server.token, server.survey = token, survey["id"]
    return server


@pytest.fixture(scope="module", params=["1", "0"], ids=["fast-lane", "router-only"])
def server(request, tmp_path_factory):
    server = start(tmp_path_factory.mktemp("slow"), {"OTKLIK_FAST_LANE": request.param})
    yield server
    server.stop()


def connect(server):
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def read_until_closed(sock, limit):
    """Everything the server sends until it closes (EOF or reset); (data, seconds, closed)."""
    started, data = time.monotonic(), b""
    sock.settimeout(limit)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, time.monotonic() - started, True
            data += chunk
    except ConnectionResetError:
        return data, time.monotonic() - started, True
    except socket.timeout:
        return data, time.monotonic() - started, False


def ingest_head(server, length, close=False):
    return (f"POST /api/v1/surveys/{server.survey}/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {server.token}\r\nContent-Type: application/json\r\n"
            + ("Connection: close\r\n" if close else "")
            + f"Content-Length: {length}\r\n\r\n").encode()


def server_sockets(port):
    """TCP states (hex, /proc/net/tcp) of the server's connections on `port`, LISTEN and TIME_WAIT aside."""
    states = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] not in ("0A", "06"):
                    states.append(fields[3])
    return states


def test_an_idle_connection_is_closed_after_the_idle_timeout(server):
    with connect(server) as sock:
        data, seconds, closed = read_until_closed(sock, IDLE + SLACK + 2)
    assert closed and data == b""
    assert IDLE - 0.2 <= seconds <= IDLE + SLACK


def test_a_keep_alive_connection_is_closed_after_the_idle_timeout(server):
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        data, seconds, closed = read_until_closed(sock, IDLE + SLACK + 2)
    assert data.startswith(b"HTTP/1.1 200 ")
    assert closed and seconds <= IDLE + SLACK


@pytest.mark.parametrize("trickle", [False, True], ids=["stalled", "trickling"])
def test_half_sent_headers_are_closed_after_the_header_timeout(server, trickle):
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        if trickle:  # a byte now and then is no excuse: the headers have HEADER seconds in all
            try:
                while time.monotonic() - started < IDLE:
                    sock.sendall(b"a")
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        data, _, closed = read_until_closed(sock, IDLE + SLACK)
        seconds = time.monotonic() - started
    assert closed and data == b""
    assert seconds <= HEADER + SLACK < IDLE


def test_a_stalled_body_is_closed_after_the_body_timeout(server):
    with connect(server) as sock:
        sock.sendall(ingest_head(server, 100) + b'{"answers": ')
        data, seconds, closed = read_until_closed(sock, IDLE + SLACK + 2)
    assert closed
    assert data == b"" or data.startswith(b"HTTP/1.1 408 ")
    assert BODY - 0.2 <= seconds <= BODY + SLACK


def test_a_slow_body_that_keeps_moving_is_answered(server):
    body = json.dumps({"answers": {"nps": 9}, "comment": " " * 40}).encode()
    with connect(server) as sock:
        sock.sendall(ingest_head(server, len(body)))
        started = time.monotonic()
        for i in range(0, len(body), 4):  # 4 bytes every half BODY: slow, but progressing, for > 2 × BODY
            sock.sendall(body[i:i + 4])
            time.sleep(BODY / 2)
        assert time.monotonic() - started > 2 * BODY
        sock.settimeout(10)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 201 "), answer


@pytest.mark.parametrize("close", [False, True], ids=["keep-alive", "connection-close"])
def test_a_413_reaches_a_client_that_sends_the_whole_body_first_and_the_socket_is_closed(server, close):
    size = 64 << 20  # far more than the kernel's buffers hold: a server that stops reading blocks the sender
    chunk = b" " * (1 << 20)
    with connect(server) as sock:
        sock.settimeout(20)
        sock.sendall(ingest_head(server, size, close))
        for _ in range(size // len(chunk)):
            sock.sendall(chunk)
        data, seconds, closed = read_until_closed(sock, 10)
    assert data.startswith(b"HTTP/1.1 413 "), data[:200]
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"connection: close" in head.lower()
    assert json.loads(body)["code"] == "body_too_large"
    assert closed, "the server kept the connection open after its 413"
    deadline = time.monotonic() + 5
    while server_sockets(server.port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server_sockets(server.port) == [], "a server socket lingers after the 413"


def test_the_limit_on_a_drained_body_closes_a_client_that_never_stops(server):
    # Answered 413 at once; the client goes on sending (slowly, so as not to be cut for a pause) past the
    # body timeout: the drain ends (the timeout without progress is BODY; this client pauses 2 × BODY).
    with connect(server) as sock:
        sock.sendall(ingest_head(server, 10 << 20) + b" " * (MAX_BODY + 1))
        time.sleep(2 * BODY)
        data, seconds, closed = read_until_closed(sock, BODY + SLACK + 2)
    assert data.startswith(b"HTTP/1.1 413 ")
    assert closed


def test_a_request_the_parser_refuses_gets_an_answer_with_a_body(server):
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n")  # no colon
        data, _, closed = read_until_closed(sock, 5)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and body and closed


def test_many_idle_connections_do_not_starve_healthz(tmp_path):
    count = 2000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < count + 200:
        pytest.skip(f"the hard limit on open files ({hard}) is below {count} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else count * 2, hard))

    def low_soft_limit():
        # The common default: the server must raise it itself, else 1,024 idle sockets starve it.
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))

    server = start(tmp_path, preexec_fn=low_soft_limit)
    sockets = []
    try:
        for _ in range(count):
            sockets.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        started = time.monotonic()
        with urllib.request.urlopen(server.base + "/healthz", timeout=5) as response:
            assert response.status == 200
        assert time.monotonic() - started < 2
        # The idle timeout reclaims them all.
        deadline = time.monotonic() + IDLE + 10
        poll, open_sockets = select.poll(), {sock.fileno(): sock for sock in sockets}
        for fd in open_sockets:
            poll.register(fd, select.POLLIN)
        while open_sockets and time.monotonic() < deadline:
            for fd, _ in poll.poll(500):
                try:
                    assert open_sockets[fd].recv(1) == b""
                except ConnectionResetError:
                    pass
                poll.unregister(fd)
                del open_sockets[fd]
        assert not open_sockets, f"{len(open_sockets)} idle connections still open after the idle timeout"
        with urllib.request.urlopen(server.base + "/healthz", timeout=5) as response:
            assert response.status == 200
    finally:
        for sock in sockets:
            sock.close()
        server.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
