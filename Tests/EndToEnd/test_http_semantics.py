"""HTTP semantics against the real server: HEAD wherever GET works (same status and headers, no body,
the connection still usable), 405 with Allow for a path asked with a method it lacks (TRACE, CONNECT …),
and QR codes that follow OTKLIK_PUBLIC_URL or a plain Host only — never a poisoned or oversized one."""
import http.client
import json
import socket

import pytest

from conftest import Server, free_port, run

SURVEY = {"title": {"ru": "После ремонта", "en": "After the repair"}, "status": "live",
          "questions": [{"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?"}, "required": True}]}
# Headers that differ between any two answers, GET or not.
VOLATILE = {"date", "server-timing", "set-cookie"}


def start(tmp_path, env=None):
    directory = str(tmp_path / "data")
    run("migrate", "--data-dir", directory)
    token = run("token", "create", "--scope", "admin", "--data-dir", directory).stdout.strip()
    server = Server(["serve", "--data-dir", directory], free_port(), env=env)
    status, survey = server.json("POST", "/api/v1/surveys", SURVEY, token)
    assert status == 201, survey
    server.token, server.code = token, survey["code"]
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("semantics"))
    yield server
    server.stop()


def ask(connection, method, path, headers=None, body=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, body


@pytest.mark.parametrize("path, authorised", [
    ("/healthz", False), ("/metrics", False), ("/api/v1/openapi.json", False), ("/api/v1/metrics?metric=nps", True),
    ("/api/v1/export/responses.csv", True), ("/api/v1/surveys", True), ("/api/v1/surveys/999", True),
    ("/login", False), ("/app", False), ("/s/{code}", False), ("/s/{code}/qr.svg", False), ("/s/{code}/qr.png", False),
    ("/no/such/page", False),
])
def test_head_answers_like_get_without_a_body(server, path, authorised):
    path = path.replace("{code}", server.code)
    headers = {"Authorization": "Bearer " + server.token} if authorised else {}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        get_status, get_headers, get_body = ask(connection, "GET", path, headers)
        head_status, head_headers, head_body = ask(connection, "HEAD", path, headers)
        assert head_status == get_status
        assert head_body == b""
        for name in get_headers.keys() - VOLATILE - {"transfer-encoding"}:
            assert head_headers.get(name) == get_headers[name], name
        if "content-length" in head_headers:
            assert int(head_headers["content-length"]) == len(get_body)
        # No stray body after the HEAD answer: the next answer on the connection is whole and in order.
        again_status, _, again_body = ask(connection, "GET", path, headers)
        assert again_status == get_status and len(again_body) == len(get_body)
    finally:
        connection.close()


def raw(server, request):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n")[0].decode()
    lines = head.split("\r\n")
    return int(lines[0].split(" ")[1]), {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:])}


@pytest.mark.parametrize("method, path, allow", [
    ("TRACE", "/healthz", "GET, HEAD"),
    ("TRACE", "/api/v1/openapi.json", "GET, HEAD"),
    ("POST", "/healthz", "GET, HEAD"),
    ("DELETE", "/login", "GET, HEAD, POST"),
    ("PUT", "/api/v1/surveys", "GET, HEAD, POST"),
])
def test_a_method_a_path_lacks_is_405_with_allow(server, method, path, allow):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        status, headers, body = ask(connection, method, path, {"Authorization": "Bearer " + server.token})
    finally:
        connection.close()
    assert status == 405
    assert headers["allow"] == allow
    if path.startswith("/api/"):
        assert headers["content-type"] == "application/problem+json"
        assert json.loads(body)["code"] == "method_not_allowed"


def test_connect_is_405_and_an_unknown_path_stays_404(server):
    status, headers = raw(server, b"CONNECT /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        assert ask(connection, "TRACE", "/no/such/page")[0] == 404
    finally:
        connection.close()


def qr(server, host, path="/s/{code}/qr.svg"):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path.replace("{code}", server.code), skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_a_qr_from_the_host_header_is_private(server):
    status, headers, body = qr(server, "shop.example:8080")
    assert status == 200
    assert f"http://shop.example:8080/s/{server.code}".encode() in body
    assert headers["cache-control"].startswith("private")


@pytest.mark.parametrize("host", ["a" * 3000, "evil.example/phish", "evil example", "user@evil.example", "[::1"])
@pytest.mark.parametrize("path", ["/s/{code}/qr.svg", "/s/{code}/qr.png"])
def test_a_host_that_is_not_a_plain_host_is_refused_not_encoded(server, host, path):
    status, headers, body = qr(server, host, path)
    assert status == 400, body[:300]
    assert b"Host" in body and host.encode() not in body


def test_the_public_url_wins_over_the_host_and_may_be_cached(tmp_path):
    server = start(tmp_path, {"OTKLIK_PUBLIC_URL": "https://otzyv.example.ru"})
    try:
        status, headers, body = qr(server, "evil.example")
        assert status == 200
        assert f"https://otzyv.example.ru/s/{server.code}".encode() in body and b"evil.example" not in body
        assert headers["cache-control"].startswith("public")
    finally:
        server.stop()


def test_a_link_too_long_for_a_qr_code_is_a_400_not_a_500(tmp_path):
    server = start(tmp_path, {"OTKLIK_PUBLIC_URL": "https://otzyv.example.ru/" + "a" * 3000})
    try:
        for path in ("/s/{code}/qr.svg", "/s/{code}/qr.png"):
            status, headers, body = qr(server, "127.0.0.1", path)
            assert status == 400 and "QR" in body.decode()
    finally:
        server.stop()


@pytest.mark.parametrize("language, text", [("ru", "Слишком большой запрос"), ("en", "The request is too large")])
def test_a_form_too_large_is_a_too_large_page_in_the_visitors_language(server, language, text):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        status, headers, body = ask(connection, "POST", f"/login?lang={language}",
                                    {"Content-Type": "application/x-www-form-urlencoded"}, b"email=" + b"x" * (300 << 10))
    finally:
        connection.close()
    assert status == 413
    page = body.decode()
    assert text in page and "Page not found" not in page and "Страница не найдена" not in page


def test_a_busy_port_is_one_clear_line_and_no_banner(server, tmp_path):
    result = run("serve", "--data-dir", str(tmp_path / "data"), "--port", str(server.port), check=False, timeout=60)
    assert result.returncode != 0
    assert f"port {server.port} is in use" in result.stderr and "--port" in result.stderr
    assert "Serving" not in result.stdout
