"""Real-browser journeys with headless Chromium: a customer answers on a phone, a manager finds the answer on
the dashboard, drills down and exports it; wrong passwords and forms without their CSRF token are refused.
Every page visited is saved as a screenshot under artifacts/screenshots/ (look at them)."""
import os
import subprocess
import time
import urllib.request
import uuid

import axe_selenium_python
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "artifacts", "screenshots")
PASSWORD = "otklik-demo"  # DemoAccounts.password
COMMENT = f"Мастер не перезвонил, ждал три дня ({uuid.uuid4().hex[:8]})"


def browser(width, height, language="ru", mobile=False):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    if mobile:
        # A desktop window cannot be narrower than 500 px: emulate the phone's viewport and touch instead.
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.implicitly_wait(2)
    return driver


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    if width > 500:  # a desktop window: grow it to the whole page; a phone's screenshot is its screen
        driver.set_window_size(driver.get_window_size()["width"], min(max(height + 40, 400), 8000))
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def sign_in(driver, base, email, password=PASSWORD):
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    press(driver, "form button.primary")


def press(driver, selector):
    """Clicks a submit button and waits for the next page (a tap under touch emulation does not wait by itself)."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()

    def replaced(_):
        try:
            old.tag_name
            return False
        except WebDriverException:  # stale, or "does not belong to the document", as chromedriver words it
            return True

    WebDriverWait(driver, 20).until(replaced)


def choose(driver, input_id):
    """Clicks the label of a visually hidden radio or checkbox, as a finger would."""
    driver.find_element(By.CSS_SELECTOR, f"label[for='{input_id}']").click()


@pytest.fixture(scope="module")
def phone():
    driver = browser(390, 844, mobile=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def desktop():
    driver = browser(1280, 900)
    yield driver
    driver.quit()


def test_a_customer_answers_on_a_phone(demo, phone):
    # A QR code on table 5 at the Baumanskaya branch (the demo manager's), reception, served by Maxim Gusev.
    phone.get(demo.base + "/s/after-repair?l=5&t=3&e=7&table=5&via=qr")
    assert "После ремонта" in phone.title
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    shot(phone, "survey-1-nps-phone")
    assert "Вопрос 1 из 4" in phone.page_source
    press(phone, "button[value=next]")
    assert "Ответьте, пожалуйста" in phone.page_source, "the required question is not skipped"
    choose(phone, "q_nps-3")
    press(phone, "button[value=next]")
    assert "Вопрос 2 из 4" in phone.page_source
    choose(phone, "q_csat-2")
    shot(phone, "survey-2-csat-phone")
    press(phone, "button[value=next]")
    choose(phone, "q_ladder-0")
    shot(phone, "survey-3-ladder-phone")
    press(phone, "button[value=next]")
    choose(phone, "q_mattered-0")
    phone.find_element(By.ID, "comment").send_keys(COMMENT)
    shot(phone, "survey-4-last-phone")
    press(phone, "button[value=submit]")
    assert "Спасибо!" in phone.page_source
    shot(phone, "survey-5-thanks-contact-phone")
    # A low score: the page offers a callback, with explicit consent.
    phone.find_element(By.ID, "contact").send_keys("+7 900 123-45-67")
    phone.find_element(By.CSS_SELECTOR, "input[name=consent]").click()
    press(phone, "section.contact button")
    assert "мы свяжемся" in phone.page_source
    shot(phone, "survey-6-contact-saved-phone")
    # Back and submit again: the same form key never makes a second response.
    phone.back()
    phone.back()
    status, body = demo.json("GET", "/api/v1/responses?q=" + urllib.request.quote(COMMENT[-9:-1]))
    assert status == 200 and len(body["items"]) == 1
    response = body["items"][0]
    context = response["context"]
    assert context["touchpoint_id"] == 3 and context["location_id"] == 5 and context["employee_id"] == 7
    assert response["answers"]["nps"] == 3 and response["source"] == "qr" and "table:5" in context["tags"]


def test_the_manager_finds_the_answer_drills_down_and_exports_it(demo, desktop):
    sign_in(desktop, demo.base, "manager@demo.otklik")
    assert desktop.current_url.endswith("/app")
    assert "Вы видите только свои места" in desktop.page_source
    assert COMMENT in desktop.page_source, "the phone's answer is on the dashboard a moment later"
    shot(desktop, "dashboard-manager")
    # Drill down from the NPS tile to the responses behind it, then narrow by the comment.
    press(desktop, ".tile a.value")
    assert "/app/responses" in desktop.current_url
    search = desktop.find_element(By.ID, "f-q")
    search.send_keys(COMMENT[-9:-1])
    search.submit()
    assert COMMENT in desktop.page_source
    shot(desktop, "responses-drilldown-manager")
    link = desktop.find_element(By.LINK_TEXT, "Скачать CSV").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in desktop.get_cookies())
    request = urllib.request.Request(link, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Type"].startswith("text/csv")
        csv = answer.read().decode("utf-8-sig")
    rows = [line for line in csv.splitlines() if line]
    assert len(rows) == 2 and COMMENT in rows[1]
    press(desktop, "form[action='/logout'] button")
    assert "/login" in desktop.current_url


def test_the_dashboard_on_a_phone_puts_the_numbers_on_the_first_screen(demo, phone):
    phone.delete_all_cookies()
    sign_in(phone, demo.base, "manager@demo.otklik")
    assert phone.current_url.endswith("/app")
    shot(phone, "dashboard-manager-phone")
    screen = phone.execute_script("return window.innerHeight")
    tiles = phone.find_elements(By.CSS_SELECTOR, ".tile .value")
    assert len(tiles) == 3
    for tile in tiles:
        assert tile.rect["y"] + tile.rect["height"] <= screen, f"a tile's number is below the first screen: {tile.rect}"
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390, "the page itself never scrolls sideways"
    tabs = phone.find_element(By.CSS_SELECTOR, "nav.tabs")
    assert tabs.rect["height"] < 60, "the navigation is one line"
    assert not phone.find_element(By.ID, "f-from").is_displayed(), "the filters are folded"
    phone.find_element(By.CSS_SELECTOR, "details.fold > summary").click()
    assert phone.find_element(By.ID, "f-from").is_displayed(), "and open with a tap"
    # Charts scroll sideways inside their box rather than shrink: their text stays readable.
    sizes = phone.execute_script(
        "return [...document.querySelectorAll('#heatmap-title')].map(t => t.closest('svg'))"
        ".flatMap(svg => [...svg.querySelectorAll('text')].slice(0, 20).map(t => t.getBoundingClientRect().height))")
    assert sizes and min(sizes) >= 9, sizes


def test_the_dashboard_says_what_changed(demo, desktop):
    desktop.delete_all_cookies()
    sign_in(desktop, demo.base, "owner@demo.otklik")
    panel = desktop.find_element(By.CSS_SELECTOR, "section.changes")
    moves = panel.find_elements(By.CSS_SELECTOR, "li")
    assert moves, "the demo's story (one touchpoint falls, another rises) is on top of the dashboard"
    assert panel.rect["y"] < desktop.find_element(By.CSS_SELECTOR, "svg[aria-labelledby^='trend-title']").rect["y"], "above the charts"

    def red(element, prop="color"):
        r, g, b = [int(x) for x in element.value_of_css_property(prop).split("(")[1].split(")")[0].split(",")[:3]]
        return r > 2 * g and r > 2 * b

    falls = panel.find_elements(By.CSS_SELECTOR, "li.fall b")
    rises = panel.find_elements(By.CSS_SELECTOR, "li.rise b")
    assert falls and rises
    assert all(red(b) for b in falls) and not any(red(b) for b in rises)
    # Each move links to its responses, which then show only that touchpoint, location or employee.
    link = panel.find_element(By.CSS_SELECTOR, "li a").get_attribute("href")
    assert "/app/responses?" in link and any(f"{key}=" in link for key in ("touchpoint", "location", "employee"))
    # A significant drop on a tile is red too (the badge said «значимо» in green before).
    for badge in desktop.find_elements(By.CSS_SELECTOR, ".change.down .badge.sig"):
        assert red(badge)
    shot(desktop, "dashboard-what-changed")
    desktop.delete_all_cookies()


def test_a_wrong_password_is_refused(demo, desktop):
    sign_in(desktop, demo.base, "owner@demo.otklik", "not the password")
    assert "/login" in desktop.current_url
    assert "Неверный e-mail или пароль" in desktop.page_source
    shot(desktop, "login-wrong-password")
    desktop.get(demo.base + "/app")
    assert "/login" in desktop.current_url, "no session was started"


def test_a_form_without_its_csrf_token_is_refused(demo, desktop):
    sign_in(desktop, demo.base, "analyst@demo.otklik")
    desktop.get(demo.base + "/app/account")
    desktop.execute_script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())")
    form = desktop.find_element(By.CSS_SELECTOR, "main form")
    desktop.find_element(By.ID, "current_password").send_keys(PASSWORD)
    desktop.find_element(By.ID, "new_password").send_keys("a brand new password")
    desktop.find_element(By.ID, "new_password_again").send_keys("a brand new password")
    form.submit()
    # `submit()` does not wait for the answer: wait for the refusal (reading the page at once raced it).
    WebDriverWait(desktop, 20).until(lambda d: "Форма устарела" in d.page_source)
    shot(desktop, "csrf-refused")
    # The password did not change: the old one still signs in.
    desktop.delete_all_cookies()
    sign_in(desktop, demo.base, "analyst@demo.otklik")
    assert desktop.current_url.endswith("/app")
    desktop.delete_all_cookies()


ROLE_PAGES = {
    "owner": ["/app", "/app/responses", "/app/surveys", "/app/surveys/new", "/app/surveys/1", "/app/surveys/1/preview",
              "/app/surveys/1/links?l=4&t=3", "/app/surveys/1/card?l=4&t=3", "/app/calls/1", "/app/settings/organisation",
              "/app/settings/locations", "/app/settings/touchpoints", "/app/settings/employees", "/app/settings/users",
              "/app/settings/tokens", "/app/account", "/app?lang=en", "/app/contacts?lang=en",
              "/app/surveys/1/results", "/app/surveys/1/results?lang=en"],
    "analyst": ["/app", "/app/surveys", "/app/settings/touchpoints"],
    "manager": ["/app", "/app/surveys/1/links?l=5", "/app/calls/1", "/app/contacts", "/app/contacts?status=resolved&sort=score",
                "/app/surveys/1/results"],
    "staff": ["/app", "/app/responses"],
}


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_every_page_as_each_role(demo, desktop, role):
    desktop.delete_all_cookies()
    sign_in(desktop, demo.base, f"{role}@demo.otklik")
    for path in ROLE_PAGES[role]:
        started = time.time()
        desktop.get(demo.base + path)
        assert "Что-то пошло не так" not in desktop.page_source and "Нет доступа" not in desktop.page_source, path
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "").replace("&", "-") or "root"
        shot(desktop, f"{role}-{name}")
        assert time.time() - started < 20
    if role == "staff":
        desktop.get(demo.base + "/app/settings/users")
        assert "Нет доступа" in desktop.page_source
        shot(desktop, "staff-forbidden")
    desktop.delete_all_cookies()


def test_the_qr_code_on_the_links_page_decodes_to_its_link(demo, desktop, tmp_path):
    desktop.delete_all_cookies()
    sign_in(desktop, demo.base, "owner@demo.otklik")
    desktop.get(demo.base + "/app/surveys/1/links?l=4&t=3&e=1&table=9")
    link = desktop.find_element(By.CSS_SELECTOR, "main code").text
    assert link == demo.base + "/s/after-repair?l=4&t=3&e=1&table=9&via=qr"
    for image in ["qr.png", "qr.svg"]:
        source = [a.get_attribute("href") for a in desktop.find_elements(By.CSS_SELECTOR, "a[download]") if image in a.get_attribute("href")][0]
        with urllib.request.urlopen(source, timeout=30) as answer:
            data = answer.read()
        path = tmp_path / image
        path.write_bytes(data)
        if image.endswith(".svg"):
            assert data.startswith(b"<svg") and link.encode() in data.replace(b"&amp;", b"&")
            continue
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
                                 capture_output=True, text=True, check=True).stdout.strip()
        assert decoded == link
    # The card prints the same code with the business's name and a call to action.
    desktop.get(demo.base + "/app/surveys/1/card?l=4&t=3&e=1&table=9")
    assert "ТехноПульс" in desktop.page_source and "Как мы справились?" in desktop.page_source
    shot(desktop, "owner-card-a6")
    desktop.delete_all_cookies()


AXE = open(os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")).read()


def accessibility_violations(driver):
    """axe-core's WCAG 2 A/AA checks (labels, contrast, ARIA, names, language) on the page as rendered."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        ".then(r => done(r.violations.map(v => [v.id, v.help, v.nodes.map(n => n.html.slice(0, 160))])))"
        ".catch(e => done([['axe-error', String(e), []]]));")
    return result


@pytest.mark.parametrize("path", ["/s/after-repair?l=4&t=3", "/s/support", "/s/brand?lang=en", "/login"])
def test_public_pages_are_accessible_on_a_phone(demo, phone, path):
    phone.delete_all_cookies()
    phone.get(demo.base + path)
    assert accessibility_violations(phone) == []


@pytest.mark.parametrize("path", ["/app", "/app/responses?nps=7..8", "/app/surveys/1", "/app/surveys/new",
                                  "/app/surveys/1/links", "/app/calls/1", "/app/settings/touchpoints", "/app/settings/users", "/app/account",
                                  "/app/contacts", "/privacy"])
def test_app_pages_are_accessible(demo, desktop, path):
    if not desktop.get_cookie("otk_session"):
        sign_in(desktop, demo.base, "owner@demo.otklik")
    desktop.get(demo.base + path)
    assert accessibility_violations(desktop) == []


CONTACT_COMMENT = f"Вернули ноутбук с трещиной на корпусе ({uuid.uuid4().hex[:8]})"


def no_sideways_scroll(driver, width):
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width, driver.current_url


def test_a_contact_request_reaches_the_manager_on_phone_and_desktop(demo, phone):
    """Issue 12: a customer on a phone gives a low score and asks to be contacted; the branch's manager finds the
    request on the dashboard, in the list and on the response's page, on a phone and on a desktop, and moves it
    from new to contacted to resolved."""
    # The customer, on a 390 px phone, at the Baumanskaya branch's reception (the demo manager's branch).
    phone.delete_all_cookies()
    phone.get(demo.base + "/s/after-repair?l=5&t=3&e=7&via=qr")
    choose(phone, "q_nps-2")
    press(phone, "button[value=next]")
    choose(phone, "q_csat-1")
    press(phone, "button[value=next]")
    choose(phone, "q_ladder-0")
    press(phone, "button[value=next]")
    phone.find_element(By.ID, "comment").send_keys(CONTACT_COMMENT)
    press(phone, "button[value=submit]")
    phone.find_element(By.ID, "name").send_keys("Ольга Лебедева")
    phone.find_element(By.ID, "contact").send_keys("olga.lebedeva@example.ru")
    phone.find_element(By.CSS_SELECTOR, "input[name=consent]").click()
    assert "Согласие можно отозвать" in phone.page_source
    no_sideways_scroll(phone, 390)
    shot(phone, "contacts-1-customer-consent-phone")
    press(phone, "section.contact button")
    assert "мы свяжемся" in phone.page_source
    # The privacy notice the consent links to.
    phone.find_element(By.CSS_SELECTOR, "footer a[href='/privacy']").click()
    assert "Политика обработки персональных данных" in phone.page_source and "152-ФЗ" in phone.page_source
    no_sideways_scroll(phone, 390)
    shot(phone, "contacts-2-privacy-phone")
    assert accessibility_violations(phone) == []

    # The manager at a 1440 px desktop sees the request waiting on the dashboard.
    desktop = browser(1440, 900)
    sign_in(desktop, demo.base, "manager@demo.otklik")
    assert "Ждут ответа" in desktop.find_element(By.CSS_SELECTOR, ".contact-banner").text
    shot(desktop, "contacts-7-dashboard-banner-desktop")

    # The manager, on a phone: the dashboard says a customer is waiting; the list; the response; "contacted".
    manager = browser(390, 844, mobile=True)
    try:
        sign_in(manager, demo.base, "manager@demo.otklik")
        banner = manager.find_element(By.CSS_SELECTOR, ".contact-banner a")
        assert "Ждут ответа" in banner.text
        assert manager.find_element(By.CSS_SELECTOR, ".tabs .count").text.strip() != ""
        no_sideways_scroll(manager, 390)
        shot(manager, "contacts-3-dashboard-banner-phone")
        press(manager, ".contact-banner a")
        assert "/app/contacts?status=new" in manager.current_url
        item = [li for li in manager.find_elements(By.CSS_SELECTOR, "li.request") if CONTACT_COMMENT in li.text][0]
        assert "Ольга Лебедева" in item.text and "olga.lebedeva@example.ru" in item.text and "NPS 2" in item.text
        no_sideways_scroll(manager, 390)
        shot(manager, "contacts-4-list-phone")
        assert accessibility_violations(manager) == []
        request_id = item.get_attribute("id")
        old = manager.find_element(By.TAG_NAME, "html")
        item.find_element(By.PARTIAL_LINK_TEXT, "Подробнее").click()
        WebDriverWait(manager, 20).until(lambda d: "/app/responses/" in d.current_url)
        source = manager.page_source
        for text in [CONTACT_COMMENT, "Ольга Лебедева", "olga.lebedeva@example.ru", "просит связаться", "Подтверждение согласия",
                     "Согласие можно отозвать", "Бауманская", "Максим Гусев"]:
            assert text in source, text
        no_sideways_scroll(manager, 390)
        shot(manager, "contacts-5-response-phone")
        assert accessibility_violations(manager) == []
        manager.find_element(By.CSS_SELECTOR, f"#{request_id} textarea[name=note]").send_keys("Позвонила, договорились о замене корпуса")
        press(manager, f"#{request_id} button[value=contacted]")
        assert "Статус изменён" in manager.page_source and "Позвонила, договорились" in manager.page_source
        assert "Наталья Павлова" in manager.find_element(By.CSS_SELECTOR, ".history").text, "who changed it"
        shot(manager, "contacts-6-response-contacted-phone")
        manager.get(demo.base + "/app/responses?q=" + urllib.request.quote(CONTACT_COMMENT[-9:-1]))
        assert "просит связаться" in manager.page_source
        no_sideways_scroll(manager, 390)
        manager.execute_script("document.querySelector('article.comment').scrollIntoView()")
        shot(manager, "contacts-6b-responses-flag-phone")
    finally:
        manager.quit()

    # The same manager at the desktop: the request among the contacted, resolved from the list.
    try:
        desktop.get(demo.base + "/app/contacts?status=contacted")
        assert CONTACT_COMMENT in desktop.page_source
        shot(desktop, "contacts-8-list-contacted-desktop")
        press(desktop, f"#{request_id} button[value=resolved]")
        assert "Статус изменён" in desktop.page_source
        desktop.get(demo.base + "/app/contacts?status=resolved")
        assert CONTACT_COMMENT in desktop.page_source
        desktop.get(demo.base + "/app/contacts?sort=score")
        shot(desktop, "contacts-9-list-all-by-score-desktop")
        # The drill-down flags it and links to the response's page.
        desktop.get(demo.base + "/app/responses?q=" + urllib.request.quote(CONTACT_COMMENT[-9:-1]))
        assert "просит связаться" in desktop.page_source
        shot(desktop, "contacts-10-responses-flag-desktop")
        press(desktop, "article.comment a[href^='/app/responses/']")
        assert "Решено" in desktop.page_source and "Подтверждение согласия" in desktop.page_source
        shot(desktop, "contacts-11-response-resolved-desktop")
        assert accessibility_violations(desktop) == []
        desktop.get(demo.base + "/privacy?lang=en")
        assert "Privacy notice" in desktop.page_source
        shot(desktop, "contacts-12-privacy-desktop-en")
    finally:
        desktop.quit()


def test_a_follow_up_for_detractors_is_built_answered_and_summarised(demo, phone):
    """Issue 12: a survey whose «Что нам исправить?» is asked only after an NPS of 0–6: the builder shows the
    condition in words and keeps it on save; on a phone a detractor is asked it and a promoter is not; the
    results page summarises both, the follow-up over the one respondent it was asked of."""
    with open(os.path.join(demo.directory, "demo-admin-token.txt")) as file:
        admin = file.read().strip()
    code = "follow-up-" + uuid.uuid4().hex[:6]
    status, survey = demo.json("POST", "/api/v1/surveys", {
        "title": {"ru": "Визит в сервис", "en": "Service visit"}, "code": code, "status": "live", "questions": [
            {"id": "nps", "kind": "nps", "text": {"ru": "Порекомендуете нас?", "en": "Recommend us?"}, "required": True},
            {"id": "fix", "kind": "text", "text": {"ru": "Что нам исправить?", "en": "What should we fix?"},
             "show_if": {"question": "nps", "score_min": 0, "score_max": 6}}]}, token=admin)
    assert status == 201, survey
    desktop = browser(1440, 900)
    try:
        sign_in(desktop, demo.base, "owner@demo.otklik")
        desktop.get(demo.base + f"/app/surveys/{survey['id']}")
        chosen = desktop.find_element(By.CSS_SELECTOR, "select[name=q1_if] option:checked").text
        assert "Порекомендуете нас?" in chosen and "0–6 (критики)" in chosen, chosen
        shot(desktop, "logic-1-builder-desktop")
        press(desktop, "button[name=action][value=save]")
        assert demo.json("GET", f"/api/v1/surveys/{survey['id']}", token=admin)[1]["questions"][1]["show_if"]["score_max"] == 6

        for score, follow_up in [(3, True), (10, False)]:
            phone.delete_all_cookies()
            phone.get(demo.base + f"/s/{code}")
            choose(phone, f"q_nps-{score}")
            press(phone, "button[value=submit], button[value=next]")
            if follow_up:
                assert "Что нам исправить?" in phone.page_source
                no_sideways_scroll(phone, 390)
                shot(phone, "logic-2-follow-up-phone")
                phone.find_element(By.ID, "q_fix").send_keys("Сроки ремонта")
                press(phone, "button[value=submit]")
            assert "Спасибо" in phone.page_source and "Что нам исправить?" not in phone.page_source

        desktop.get(demo.base + f"/app/surveys/{survey['id']}/results")
        source = desktop.page_source
        assert "2 ответа" in source and "Сроки ремонта" in source
        assert "Ответили 1 из 1" in source, "the follow-up counts over the one respondent it was asked of"
        shot(desktop, "logic-3-results-desktop")
        assert accessibility_violations(desktop) == []
    finally:
        desktop.quit()
