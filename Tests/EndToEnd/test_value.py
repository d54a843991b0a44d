"""Customer value through the real CLI (issue 16): Online Retail II imported whole and reported, every figure equal
to the independent DuckDB computation (bench/value_reference.py); a bad line, an unknown column, broken quoting and
a .gz that is not gzip refused with where and why, and nothing imported; a cp1251 file with Russian column names;
the same file twice; a dry run."""
import gzip
import json
import os
import subprocess
import sys
import urllib.request

import pytest

from conftest import run

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
# The project's shared data lives beside the clone (as bench/value_reference.py finds it).
RETAIL = os.path.join(ROOT, "..", "shared", "data", "online-retail-ii-2009-2010.csv.gz")
SLICE = os.path.join(ROOT, "Tests", "Fixtures", "online-retail-slice.csv")
REFERENCE = os.path.join(ROOT, "bench", "value_reference.py")
HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
GOOD = "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n"


def value_import(path, directory, *extra, check=True):
    return run("value", "import", str(path), "--preset", "online-retail", "--time-zone", "Europe/London",
               "--data-dir", directory, *extra, check=check)


def report(directory):
    return json.loads(run("value", "report", "--format", "json", "--data-dir", directory).stdout)


def reference(path):
    """The figures computed independently, in SQL by DuckDB."""
    result = subprocess.run([sys.executable, REFERENCE, "--file", str(path)], capture_output=True, text=True,
                            timeout=300, check=True)
    return json.loads(result.stdout)


def assert_matches_reference(ours, expected):
    assert set(expected) <= set(ours), set(expected) - set(ours)
    for key, value in expected.items():
        assert ours[key] == value, f"{key}: ours {ours[key]!r}, reference {value!r}"


def assert_nothing_imported(directory):
    ours = report(directory)
    assert ours["customers"] == 0 and ours["lines"] == 0 and ours["revenue"] == 0, ours


@pytest.fixture(scope="module")
def retail(tmp_path_factory):
    """Online Retail II 2009–2010 (525,461 lines), imported once for the module."""
    if not os.path.exists(RETAIL):
        pytest.skip(f"{RETAIL} is not here")
    directory = str(tmp_path_factory.mktemp("retail") / "data")
    imported = value_import(RETAIL, directory)
    return directory, imported.stdout


def test_the_whole_file_matches_the_independent_reference(retail):
    directory, output = retail
    assert "525461 lines" in output and "4383 customers" in output and "107927 lines name no customer" in output, output
    assert "new customers" in output and " 0 replaced" in output, output
    ours = report(directory)
    assert_matches_reference(ours, reference(RETAIL))
    # Beyond the reference: the currency the amounts are in, and everyone on some step of the ladder.
    assert ours["currency"] == "RUB"
    assert sum(ours["loyalty_steps"].values()) == ours["customers"]


def test_the_import_leaves_no_log_behind(tmp_path):
    """The import's transaction log is folded into the database file as it ends, not left for the next start
    (any commit leaves pages in the log until a checkpoint)."""
    directory = str(tmp_path / "data")
    value_import(SLICE, directory)
    wal = os.path.join(directory, "otklik.sqlite-wal")
    assert not os.path.exists(wal) or os.path.getsize(wal) == 0, os.path.getsize(wal)
    assert report(directory)["customers"] == 9


def test_the_same_file_twice_leaves_the_same_report(retail):
    directory, _ = retail
    before = report(directory)
    again = value_import(RETAIL, directory).stdout
    assert "stored: 0 orders added" in again and "0 new customers" in again, again
    assert report(directory) == before


def test_the_hand_checked_slice_matches_the_reference_and_reimports_unchanged(tmp_path):
    directory = str(tmp_path / "data")
    first = value_import(SLICE, directory).stdout
    assert "286 lines: 108 orders, 21 cancellations, 9 customers" in first, first
    assert "stored: 129 orders added, 0 replaced, 9 new customers" in first, first
    ours = report(directory)
    assert_matches_reference(ours, reference(SLICE))
    assert ours["pareto"] == {"top_customers": 1, "customers": 9, "top_profit": 4614475}
    second = value_import(SLICE, directory).stdout
    assert "stored: 0 orders added, 129 replaced, 0 new customers" in second, second
    assert report(directory) == ours


def test_a_dry_run_writes_nothing(tmp_path):
    directory = str(tmp_path / "data")
    result = value_import(SLICE, directory, "--dry-run")
    assert "286 lines: 108 orders" in result.stdout and "dry run: nothing stored" in result.stdout, result.stdout
    assert_nothing_imported(directory)


def test_bad_lines_are_named_and_nothing_is_imported(tmp_path):
    directory = str(tmp_path / "data")
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + GOOD
                    + "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.5.5,13085,United Kingdom\n"
                    + "489436,22351,DOG BOWL,6,2009-13-01 07:47:00,1.25,13086,United Kingdom\n"
                    + "489437,22352,FISH BOWL,lots,2009-12-01 07:48:00,1.25,13087,United Kingdom\n"
                    + GOOD.replace("489434", "489438"))
    result = value_import(path, directory, check=False)
    assert result.returncode != 0
    assert "line 3, column Price: not a price: 2.5.5" in result.stderr, result.stderr
    assert "line 4, column InvoiceDate: not a date and time: 2009-13-01 07:47:00" in result.stderr, result.stderr
    assert "line 5, column Quantity: not a number: lots" in result.stderr, result.stderr
    assert "nothing imported" in result.stderr
    assert_nothing_imported(directory)


def test_a_mapped_column_the_file_does_not_have_is_named(tmp_path):
    directory = str(tmp_path / "data")
    path = tmp_path / "retail.csv"
    path.write_text(HEADER + GOOD)
    result = value_import(path, directory, "--map", "placed_at=Дата", check=False)
    assert result.returncode != 0
    assert 'no column "Дата" for placed_at' in result.stderr and "InvoiceDate" in result.stderr, result.stderr
    result = value_import(path, directory, "--map", "when=InvoiceDate", check=False)
    assert result.returncode != 0 and "--map when=InvoiceDate" in result.stderr, result.stderr
    assert_nothing_imported(directory)


def test_a_mapped_optional_column_the_file_does_not_have_is_named(tmp_path):
    directory = str(tmp_path / "data")
    path = tmp_path / "retail.csv"
    path.write_text(HEADER + GOOD)
    result = value_import(path, directory, "--map", "customer_id=Client", check=False)
    assert result.returncode != 0 and 'no column "Client"' in result.stderr, result.stdout + result.stderr
    assert_nothing_imported(directory)


def test_a_short_line_is_named_and_nothing_is_imported(tmp_path):
    directory = str(tmp_path / "data")
    path = tmp_path / "short.csv"
    path.write_text(HEADER + GOOD + "489435,85049,BALL,12,2009-12-01 07:46:00,6.95\n")
    result = value_import(path, directory, check=False)
    assert result.returncode != 0 and "line 3" in result.stderr, result.stdout + result.stderr
    assert_nothing_imported(directory)


def test_cp1251_file_with_russian_column_names(tmp_path):
    directory = str(tmp_path / "data")
    text = ("Чек;Дата;Клиент;Сумма;Возврат\r\n"
            "1001;07.03.2025 14:30;К-1;1 234,50;нет\r\n"
            "1002;2025-03-08 09:15;К-2;99,99;\r\n"
            "1003;2025-03-09 10:00;К-1;10;нет\r\n"
            "1003;2025-03-09 10:05;К-1;0,01;нет\r\n"
            "В-1001;2025-03-10 11:00;К-1;-1 234,50;да\r\n")
    path = tmp_path / "продажи.csv"
    path.write_bytes(text.encode("cp1251"))
    result = run("value", "import", str(path), "--map", "order_id=Чек", "--map", "placed_at=Дата",
                 "--map", "customer_id=Клиент", "--map", "amount=Сумма", "--map", "cancelled=Возврат",
                 "--time-zone", "Europe/Moscow", "--data-dir", directory)
    assert "5 lines: 3 orders, 1 cancellations, 2 customers" in result.stdout, result.stdout
    ours = report(directory)
    # К-1: 1 234,50 + 10,01 − 1 234,50; К-2: 99,99 — in kopecks.
    assert ours["customers"] == 2 and ours["revenue"] == 1001 + 9999 and ours["lines"] == 5, ours
    assert ours["as_of"] == "2025-03-11" and ours["rfm_customers"] == 2
    assert ours["cohorts"] == [{"cohort": "2025-03", "size": 2, "active": [2]}]


def test_broken_quoting_is_named_by_line_and_field(tmp_path):
    directory = str(tmp_path / "data")
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(HEADER + GOOD + '489435,22350,"CAT BOWL,12,2009-12-01 07:46:00,2.55,13085,United Kingdom\n' + GOOD)
    result = value_import(unclosed, directory, check=False)
    assert result.returncode != 0
    assert "line 3, field 3: a quoted field is never closed" in result.stderr, result.stderr
    stray = tmp_path / "stray.csv"
    stray.write_text(HEADER + GOOD + '489435,22350,"CAT" BOWL,12,2009-12-01 07:46:00,2.55,13085,United Kingdom\n')
    result = value_import(stray, directory, check=False)
    assert result.returncode != 0
    assert "line 3, field 3: text after a closing quote" in result.stderr, result.stderr
    assert_nothing_imported(directory)


def test_a_gz_that_is_not_gzip_is_refused(tmp_path):
    directory = str(tmp_path / "data")
    plain = tmp_path / "sales.csv.gz"
    plain.write_text(HEADER + GOOD)
    result = value_import(plain, directory, check=False)
    assert result.returncode != 0 and "not a readable gzip file" in result.stderr, result.stderr
    # Cut short: gzip stops at the missing end, and nothing of what it did read is imported.
    truncated = tmp_path / "truncated.csv.gz"
    truncated.write_bytes(gzip.compress((HEADER + GOOD * 2000).encode())[:-40])
    result = value_import(truncated, directory, check=False)
    assert result.returncode != 0 and "not a readable gzip file" in result.stderr, result.stderr
    assert_nothing_imported(directory)


# --- In a real browser, on the demo's repair chain --------------------------------------------------------------

VALUE_PAGES = ["/app/value", "/app/value/segments", "/app/value/ladder", "/app/value/retention", "/app/value/customers"]


def test_the_owner_reads_the_value_pages_on_a_desktop_and_a_phone_and_thanks_an_advocate(demo):
    """Issue 16 as an owner uses it: the morning list of unhappy valuable customers, Pareto, segments, the ladder,
    retention and the customers; every page passes axe's WCAG checks and fits a phone without scrolling sideways;
    an advocate marked thanked leaves the list of advocates never thanked."""
    from selenium.webdriver.common.by import By
    from test_browser import accessibility_violations, browser, no_sideways_scroll, press, shot, sign_in

    desktop = browser(1440, 900)
    try:
        sign_in(desktop, demo.base, "owner@demo.otklik")
        for path in VALUE_PAGES:
            desktop.get(demo.base + path)
            assert accessibility_violations(desktop) == [], path
            shot(desktop, "value" + path.replace("/app/value", "").replace("/", "-") + "-1440")
        desktop.get(demo.base + "/app/value")
        morning = desktop.find_element(By.ID, "morning")
        assert len(morning.find_elements(By.CSS_SELECTOR, "tbody tr")) > 0, "the demo's morning list is empty"
        assert "клиентов приносят" in desktop.page_source
        desktop.get(demo.base + "/app/value/ladder")
        forms = desktop.find_elements(By.CSS_SELECTOR, "form[action$='/marks']")
        assert forms, "the demo has advocates never thanked"
        thanked = forms[0].get_attribute("action").split("/")[-2]
        press(desktop, "form[action$='/marks'] button")
        assert f"/app/value/customers/{thanked}/marks" not in desktop.page_source
    finally:
        desktop.quit()
    phone = browser(390, 844, mobile=True)
    try:
        sign_in(phone, demo.base, "owner@demo.otklik")
        for path in VALUE_PAGES:
            phone.get(demo.base + path)
            no_sideways_scroll(phone, 390)
            shot(phone, "value" + path.replace("/app/value", "").replace("/", "-") + "-390")
    finally:
        phone.quit()


def test_staff_see_no_customer_value_and_the_api_sees_every_customer(demo):
    """(A manager's scope — their branch's orders — is checked in ValuePagesTests.)"""
    from test_browser import browser, sign_in

    driver = browser(1440, 900)
    try:
        sign_in(driver, demo.base, "staff@demo.otklik")
        driver.get(demo.base + "/app/value")
        assert "/app/value/customers/" not in driver.page_source and "клиентов приносят" not in driver.page_source
        driver.get(demo.base + "/app")
        assert 'href="/app/value"' not in driver.page_source, "staff get no link to customer value"
    finally:
        driver.quit()
    request = urllib.request.Request(demo.base + "/api/v1/value/summary", headers={"Authorization": f"Bearer {demo.token}"})
    whole = json.loads(urllib.request.urlopen(request).read())
    assert whole["customers"] > 4000 and whole["pareto"]["top_customers"] > 0
