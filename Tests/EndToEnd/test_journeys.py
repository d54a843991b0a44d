"""Issue 15 in a real browser: an analyst opens the demo's customer journey map, edits a cell and an emotion with
the plain forms and sees the text and the curve change; a second, stale save of the same cell is refused; the map
works on a phone (the stages scroll sideways inside their table, not the page) and passes axe's WCAG checks; the
JSON export imports back through the CLI into an identical map."""
import json
import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import run
from test_browser import accessibility_violations, browser, no_sideways_scroll, press, shot, sign_in


def map_id(driver, base, title):
    driver.get(base + "/app/journeys")
    link = driver.find_element(By.PARTIAL_LINK_TEXT, title)
    return int(link.get_attribute("href").rstrip("/").split("/")[-1])


def curve(driver):
    """The as-is emotion line's points (the solid blue polyline)."""
    return [line.get_attribute("points") for line in driver.find_elements(By.CSS_SELECTOR, "svg.emotion-chart polyline")
            if line.get_attribute("stroke") == "#1f5fbf"]


def test_an_analyst_edits_a_cell_and_an_emotion_and_sees_the_curve_change(demo):
    driver = browser(1440, 900)
    try:
        sign_in(driver, demo.base, "analyst@demo.otklik")
        ident = map_id(driver, demo.base, "Малый бизнес")
        driver.get(f"{demo.base}/app/journeys/{ident}")
        shot(driver, "journey-draft-1440")
        assert "Слепые зоны" in driver.page_source and "blind-noTouchpoint" in driver.page_source
        before = curve(driver)
        # A cell, through its editor page.
        driver.get(f"{demo.base}/app/journeys/{ident}/cell?stage=contract&lane=barriers")
        stale_form = driver.page_source
        box = driver.find_element(By.ID, "text")
        box.clear()
        box.send_keys("Договор готовят неделю: шаблон договора есть только у директора")
        Select(driver.find_element(By.ID, "basis")).select_by_value("evidence")
        shot(driver, "journey-cell-editor-1440")
        press(driver, "main form button[type=submit]")
        assert "Сохранено" in driver.page_source
        assert "шаблон договора есть только у директора" in driver.page_source
        # The emotion of «Договор на обслуживание» from 0 to −2 (journey.js saves it once chosen): the curve moves.
        driver.get(f"{demo.base}/app/journeys/{ident}")
        stage_form = driver.find_element(By.XPATH, "//form[input[@name='stage' and @value='contract'] and input[@name='op' and @value='emotion']]")
        Select(stage_form.find_element(By.NAME, "emotion")).select_by_value("-2")
        WebDriverWait(driver, 20).until(lambda d: "saved=1" in d.current_url)
        after = curve(driver)
        assert after != before, (before, after)
        assert "−2</strong> / +1" in driver.page_source
        shot(driver, "journey-edited-1440")
        # The same cell saved again from the page opened before: refused, nothing lost.
        expected = re.search(r'name="expected_text" value="([^"]*)"', stale_form).group(1)
        assert expected != ""
        driver.get(f"{demo.base}/app/journeys/{ident}/cell?stage=contract&lane=barriers")
        driver.execute_script("document.querySelector('input[name=expected_text]').value = arguments[0]", expected.replace("&amp;", "&"))
        box = driver.find_element(By.ID, "text")
        box.clear()
        box.send_keys("Затёр бы чужую правку")
        press(driver, "main form button[type=submit]")
        assert "изменил кто-то другой" in driver.page_source
        shot(driver, "journey-conflict-1440")
        driver.get(f"{demo.base}/app/journeys/{ident}")
        assert "шаблон договора есть только у директора" in driver.page_source
        # Stages: the editor lists them with their touchpoints.
        driver.get(f"{demo.base}/app/journeys/{ident}/stages")
        shot(driver, "journey-stages-1440")
        assert accessibility_violations(driver) == []
        driver.get(f"{demo.base}/app/journeys/{ident}")
        assert accessibility_violations(driver) == []
    finally:
        driver.quit()


def test_the_map_works_on_a_phone(demo):
    phone = browser(390, 844, mobile=True)
    try:
        sign_in(phone, demo.base, "manager@demo.otklik")
        ident = map_id(phone, demo.base, "Частный клиент")
        phone.get(f"{demo.base}/app/journeys/{ident}")
        no_sideways_scroll(phone, 390)
        assert "Проверка с клиентами" in phone.page_source
        shot(phone, "journey-validated-phone")
        phone.get(demo.base + "/app/journeys")
        no_sideways_scroll(phone, 390)
        shot(phone, "journeys-phone")
    finally:
        phone.quit()


def test_the_json_export_imports_back_into_the_same_map(demo, tmp_path):
    request = urllib.request.Request(demo.base + "/api/v1/journeys", headers={"Authorization": "Bearer " + demo.token})
    items = json.load(urllib.request.urlopen(request, timeout=30))["items"]
    ident = next(item["id"] for item in items if item["title"].startswith("Частный клиент"))
    exported = tmp_path / "map.json"
    run("journey", "export", str(ident), "--data-dir", demo.directory, "--output", str(exported))
    imported = run("journey", "import", str(exported), "--data-dir", demo.directory).stdout
    new_id = int(re.search(r"imported journey map (\d+)", imported).group(1))
    again = tmp_path / "again.json"
    run("journey", "export", str(new_id), "--data-dir", demo.directory, "--output", str(again))
    first, second = json.loads(exported.read_text()), json.loads(again.read_text())
    for document in (first, second):
        for key in ("id", "updated_at", "version", "persona_id"):
            document["map"].pop(key)
        document["persona"].pop("id")
    assert first == second
    # A broken file names the field at fault and exits non-zero.
    broken = tmp_path / "broken.json"
    broken.write_text(exported.read_text().replace('"emotion" : -2', '"emotion" : 9', 1))
    result = run("journey", "import", str(broken), "--data-dir", demo.directory, check=False)
    assert result.returncode != 0 and "emotion" in result.stderr and "−2 … +2" in result.stderr


def test_the_script_edits_a_cell_in_place_and_the_forms_work_without_it(demo):
    """With journey.js (allowed on this page by its CSP) "Edit" opens the cell's form inside the cell; the saved text
    is the same as through the form page."""
    driver = browser(1440, 900)
    try:
        sign_in(driver, demo.base, "owner@demo.otklik")
        ident = map_id(driver, demo.base, "Малый бизнес")
        driver.get(f"{demo.base}/app/journeys/{ident}")
        errors = [entry for entry in driver.get_log("browser") if entry["source"] in ("javascript", "security")]
        assert errors == [], errors
        link = driver.find_element(By.CSS_SELECTOR, "a.edit[data-stage='renewal'][data-lane='thoughts']")
        url = driver.current_url
        link.click()
        form = driver.find_element(By.CSS_SELECTOR, "form.inline-cell")
        assert driver.current_url == url, "the editor opened in place"
        box = form.find_element(By.NAME, "text")
        box.send_keys("«Сколько простоев нам сэкономили?»")
        shot(driver, "journey-inline-edit-1440")
        old = driver.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 20).until(lambda d: "saved=1" in d.current_url)
        assert "«Сколько простоев нам сэкономили?»" in driver.page_source
        errors = [entry for entry in driver.get_log("browser") if entry["source"] in ("javascript", "security")]
        assert errors == [], errors
    finally:
        driver.quit()


def test_the_map_prints_on_a3_landscape(demo, tmp_path):
    """Printed from the browser (to PDF here), the map page takes A3 landscape pages, as its stylesheet asks; the
    period form, the export links and the edit links are left out of the print."""
    import base64
    driver = browser(1440, 900)
    try:
        sign_in(driver, demo.base, "owner@demo.otklik")
        ident = map_id(driver, demo.base, "Частный клиент")
        driver.get(f"{demo.base}/app/journeys/{ident}")
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
        (tmp_path / "map.pdf").write_bytes(pdf)
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
        assert boxes, "no page size in the PDF"
        width, height = float(boxes[0][0]), float(boxes[0][1])
        assert abs(width - 1190.55) < 2 and abs(height - 841.89) < 2, (width, height)  # A3 landscape in points
        hidden = driver.execute_script("""
            const sheet = [...document.styleSheets].flatMap(s => [...s.cssRules]).find(r => r.media && r.media.mediaText === 'print'
                && r.cssText.includes('journey-page'));
            return sheet ? sheet.cssText : '';""")
        assert ".journey-tools" in hidden and ".edit" in hidden
    finally:
        driver.quit()


def test_a_stage_dragged_onto_another_takes_its_place(demo):
    """journey.js on the stages page: dropping a stage's card on another's moves it there (HTML5 drag events, sent
    the way a browser sends them; the ↑ ↓ buttons do the same without a mouse)."""
    driver = browser(1440, 900)
    try:
        sign_in(driver, demo.base, "owner@demo.otklik")
        ident = map_id(driver, demo.base, "Малый бизнес")
        driver.get(f"{demo.base}/app/journeys/{ident}/stages")
        order = lambda: [item.get_attribute("data-stage") for item in driver.find_elements(By.CSS_SELECTOR, "ol.stage-list > li")]
        before = order()
        assert before[:2] == ["failure", "contractor"], before
        driver.execute_script("""
            const [first, , third] = document.querySelectorAll('ol.stage-list > li');
            const data = new DataTransfer();
            first.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
            third.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
            third.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));""")
        WebDriverWait(driver, 20).until(lambda d: "saved=1" in d.current_url)
        after = order()
        assert after[:3] == [before[1], before[2], before[0]], after
    finally:
        driver.quit()
