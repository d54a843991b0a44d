"""Fixtures for end-to-end tests: the real `otklik` binary, real files, a real server on a free port."""
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

BIN = os.environ.get("OTKLIK_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "otklik")


def run(*args, check=True, timeout=600, input=None):
    """Runs the CLI; returns CompletedProcess (text)."""
    result = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout, input=input)
    if check and result.returncode != 0:
        raise AssertionError(f"otklik {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DEFAULT = object()


class Server:
    # The token sent when a test names none (the demo's read token); `token=None` sends none.
    token = None

    def __init__(self, args, port, env=None, preexec_fn=None):
        """`env`: variables added to this process's environment (OTKLIK_… settings)."""
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(f"/tmp/otklik-e2e-{port}.log", "w")
        self.process = subprocess.Popen([BIN, *args, "--port", str(port)], stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})}, preexec_fn=preexec_fn)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise AssertionError("server did not become healthy in 120 s")

    def request(self, method, path, body=None, token=DEFAULT, content_type="application/json"):
        if token is DEFAULT:
            token = self.token
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, response.headers.get("Content-Type", ""), raw
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    def json(self, method, path, body=None, token=DEFAULT):
        status, _, raw = self.request(method, path, body, token)
        return status, json.loads(raw) if raw else None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo database, created once by `otklik demo --no-serve`, served on a free port."""
    directory = str(tmp_path_factory.mktemp("demo") / "data")
    started = time.time()
    run("demo", "--data-dir", directory, "--no-serve")
    print(f"demo created in {time.time() - started:.1f} s")
    server = Server(["demo", "--data-dir", directory], free_port())
    server.directory = directory
    with open(os.path.join(directory, "demo-read-token.txt")) as file:
        server.token = file.read().strip()
    yield server
    server.stop()
