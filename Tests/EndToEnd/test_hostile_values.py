"""Hostile values in every free-text field the app stores, read back from every page, CSV and API answer
that shows them: markup must arrive escaped, no CSV cell may start a spreadsheet formula, JSON must carry
the text unchanged, and a value the app refuses must be refused with a clear 4xx, never a 5xx."""
import csv
import html.parser
import http.cookiejar
import io
import json
import re
import urllib.parse
import urllib.request

import pytest

from conftest import Server, free_port, run

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","open")'
# A tag holds no comma (it separates the tags of a filter): the same formula, one argument.
FORMULA_TAG = '=HYPERLINK("http://evil.example")'
RTL = "\u202egnp.exe"
CONTROL = "bell\u0007nul\u0000esc\u001b"
# What a stored name or text becomes; control characters may be refused instead (never a 5xx).
HOSTILE = [SCRIPT, IMG, FORMULA, RTL, CONTROL]
FORMULA_START = tuple("=+-@\t\r")


class Browser:
    """Signs in with the real form (CSRF cookie and field) and keeps the session cookie."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8", "replace")

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, email, password):
        _, _, page = self.get("/login")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        status, _ = self.post("/login", {"_csrf": csrf, "email": email, "password": password, "next": "/app"})
        assert status == 303


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class TagCollector(html.parser.HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.image_sources = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        if tag == "img":
            self.image_sources += [value for name, value in attrs if name == "src"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("hostile") / "data")
    run("migrate", "--data-dir", directory)
    admin = run("token", "create", "--data-dir", directory, "--scope", "admin", "--name", SCRIPT).stdout.strip()
    run("user", "add", "--data-dir", directory, "--email", "owner@hostile.test", "--name", IMG, "--role", "owner",
        input="long enough password\n")
    server = Server(["serve", "--data-dir", directory], free_port())
    server.token = admin
    stored = {}

    def create(path, body):
        """POSTs, accepting a clear refusal of control characters; returns the stored object or None."""
        status, answer = server.json("POST", path, body)
        assert status < 500, (path, body, answer)
        if status >= 400:
            assert answer["status"] == status and (answer.get("errors") or answer.get("detail")), answer
            return None
        return answer

    for index, text in enumerate(HOSTILE):
        name = f"{text} {index}"
        for collection, body in [("locations", {"name": name, "kind": "branch", "address": text}),
                                 ("touchpoints", {"name": name, "stage": "use"}),
                                 ("employees", {"name": name, "position": text}),
                                 ("segments", {"name": name}),
                                 ("customers", {"name": text, "email": f"x{index}@example.com", "external_id": text})]:
            created = create(f"/api/v1/{collection}", body)
            if created:
                stored.setdefault(collection, []).append(created)
    survey = create("/api/v1/surveys", {
        "title": {"ru": SCRIPT, "en": IMG}, "status": "live", "code": "hostile",
        "questions": [{"id": "nps", "kind": "nps", "text": {"ru": IMG, "en": FORMULA}},
                      {"id": "why", "kind": "single_choice", "text": {"ru": RTL},
                       "options": [{"id": "a", "text": {"ru": SCRIPT}}, {"id": "b", "text": {"ru": FORMULA}}]},
                      {"id": "note", "kind": "text", "text": {"ru": SCRIPT}}]})
    assert survey, "a survey with hostile texts (and no control characters) is stored"
    location = stored["locations"][0]["id"]
    employee = next((e["id"] for e in stored["employees"]), None)
    submissions = []
    for index, text in enumerate(HOSTILE):
        submissions.append({"answers": {"nps": index, "why": "a", "note": text}, "comment": text,
                            "order_id": FORMULA, "tags": [SCRIPT, FORMULA_TAG], "location_id": location,
                            "touchpoint_id": stored["touchpoints"][0]["id"], "employee_id": employee,
                            "customer_id": stored["customers"][0]["id"], "idempotency_key": f"hostile-{index}"})
    # A NUL would come back cut short from the store: refused with the field named, nothing stored.
    status, answer = server.json("POST", f"/api/v1/surveys/{survey['id']}/responses", submissions)
    assert status == 422 and answer["errors"][0]["field"] == "4/comment", answer
    for submission in submissions:
        for field in ["comment"]:
            submission[field] = submission[field].replace("\u0000", "")
        submission["answers"]["note"] = submission["answers"]["note"].replace("\u0000", "")
    status, answer = server.json("POST", f"/api/v1/surveys/{survey['id']}/responses", submissions)
    assert status == 201, answer
    server.survey = survey
    server.submissions = submissions
    yield server
    server.stop()


def test_every_page_escapes_what_people_typed(hostile_server):
    browser = Browser(hostile_server.base)
    browser.sign_in("owner@hostile.test", "long enough password")
    survey = hostile_server.survey["id"]
    pages = ["/app", "/app?period=all", "/app/responses", "/app/responses?q=alert", "/app/surveys", f"/app/surveys/{survey}",
             f"/app/surveys/{survey}/links", f"/app/surveys/{survey}/card", f"/app/surveys/{survey}/preview/frame",
             f"/app/calls/{survey}", "/app/account", "/s/hostile", "/app?lang=en", "/app/responses?lang=en"]
    pages += [f"/app/settings/{section}" for section in ["organisation", "locations", "touchpoints", "employees", "users", "tokens"]]
    shown = 0
    for path in pages:
        status, content_type, page = browser.get(path)
        assert status == 200, (path, status)
        assert "text/html" in content_type
        collector = TagCollector()
        collector.feed(page)
        assert "script" not in collector.tags, path
        assert "x" not in collector.image_sources, path  # (the links page has QR images of its own)
        assert "onerror" not in collector.attributes, path
        assert "\u0000" not in page and "\u0007" not in page and "\u001b" not in page, path
        # A right-to-left override reverses only the value it is in: closed before the next markup.
        for match in re.finditer("\u202e", page):
            rest = page[match.end():]
            assert rest.index("\u202c") < rest.index("<"), (path, rest[:80])
        shown += page.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown >= 10, "the hostile names are shown (escaped), not dropped"


def test_no_csv_cell_starts_a_formula(hostile_server):
    browser = Browser(hostile_server.base)
    browser.sign_in("owner@hostile.test", "long enough password")
    files = {
        "web responses": browser.get("/app/responses.csv")[2],
        "web metrics": browser.get("/app/metrics.csv?metric=nps&by=location")[2],
        "api responses": hostile_server.request("GET", "/api/v1/export/responses.csv")[2].decode("utf-8"),
    }
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) > 1, name
        for row in rows:
            for cell in row:
                if cell.startswith(FORMULA_START):
                    float(cell.replace(",", "."))  # only a plain number may start with a sign
        assert any("'" + FORMULA in row for row in rows) or name == "web metrics", name


def test_json_carries_the_text_unchanged(hostile_server):
    status, body = hostile_server.json("GET", "/api/v1/responses?limit=100")
    assert status == 200
    comments = {item["comment"] for item in body["items"]}
    for submission in hostile_server.submissions:
        assert submission["comment"] in comments
    status, ndjson, raw = hostile_server.request("GET", "/api/v1/export/responses.ndjson")
    lines = [json.loads(line) for line in raw.decode().splitlines()]
    assert {line["context"]["order_id"] for line in lines} == {FORMULA}
    assert all(line["context"]["tags"] == [SCRIPT, FORMULA_TAG] for line in lines)
    for collection in ["locations", "touchpoints", "employees", "segments", "customers", "surveys"]:
        status, _, raw = hostile_server.request("GET", f"/api/v1/{collection}")
        assert status == 200 and raw.startswith(b"["), collection
