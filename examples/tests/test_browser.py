"""The demo as a person uses it: headless Chromium, driven by Selenium,
against the demo served by waitress on 127.0.0.1.

Chromium and its driver come from the system (Debian's ``chromium`` and
``chromium-driver``; ``.ci/run`` installs them; ``CHROMIUM`` and
``CHROMEDRIVER`` name others); without them these tests fail and say what
to install. Every step saves a screenshot under
``.venvs/_screenshots/`` (not committed), to look at after a run.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import typing as t
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from servers import EXAMPLES, free_port, running

#: Debian's browser and driver; the variables name others (GitHub's runners
#: ship Google Chrome and its driver instead).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
#: The machine may have no network: keep Chromium from reaching out.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1000,760",
)
VENVS = Path(os.environ.get("MODULAR_FLASK_VENVS", EXAMPLES.parent / ".venvs"))
SCREENSHOTS = VENVS.resolve() / "_screenshots"
WAIT = 15.0  # seconds any single expectation may take to come true


def require_chromium() -> None:
    """Fail with instructions when Chromium or its driver is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"the browser tests need {' and '.join(missing)}: install Debian's"
            " packages with `apt-get install -y chromium chromium-driver`"
            " (.ci/run does so when it runs as root)",
            pytrace=False,
        )


def start_chromium(profile: Path, javascript: bool = True) -> webdriver.Chrome:
    """A headless Chromium with a fresh profile, driven by the system's driver."""
    require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER))
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="module")
def screenshots() -> Path:
    """This run's screenshot folder, emptied first."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[webdriver.Chrome]:
    """One Chromium for the module's tests (each test has its own server,
    so its own origin and cookies)."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def base_url(tmp_path: Path) -> t.Iterator[str]:
    """The demo on waitress, with an empty database of its own."""
    port = free_port()
    env = dict(os.environ, NOTES_DATABASE=str(tmp_path / "notes.sqlite3"))
    env.pop("PYTHONPATH", None)
    command = [
        sys.executable,
        "-m",
        "waitress",
        f"--listen=127.0.0.1:{port}",
        "--threads=2",
        "--call",
        "notes:create_app",
    ]
    with running(command, port, env, tmp_path / "waitress.log"):
        yield f"http://127.0.0.1:{port}"


class Person:
    """What someone at the browser does and sees, one screenshot per step."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, shots: Path) -> None:
        self.driver = driver
        self.base_url = base_url
        self.shots = shots

    def open(self, path: str) -> None:
        """Type a URL into the address bar."""
        self.driver.get(self.base_url + path)

    def find(self, css: str) -> WebElement:
        """The element matching ``css``."""
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def texts(self, css: str) -> list[str]:
        """The text of every visible element matching ``css`` (read in one go,
        so that a script changing the page cannot interleave)."""
        found = self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".filter(e => e.checkVisibility()).map(e => e.innerText.trim())",
            css,
        )
        return [str(text) for text in found]

    def wait_for(self, condition: t.Callable[[], object], what: str) -> None:
        """Wait (bounded) until ``condition()`` is true."""
        WebDriverWait(self.driver, WAIT).until(lambda _: condition(), what)

    def path(self) -> str:
        """The path of the page shown."""
        url = str(self.driver.current_url)
        return url.removeprefix(self.base_url)

    def snapshot(self, name: str) -> None:
        """Save what the window shows as ``<shots>/<name>.png``."""
        assert self.driver.save_screenshot(str(self.shots / f"{name}.png"))

    def style(self, element: WebElement, prop: str) -> str:
        """A computed CSS property of an element."""
        return str(
            self.driver.execute_script(
                "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])",
                element,
                prop,
            )
        )

    def follow(self, element: WebElement) -> None:
        """Click a link or submit button and wait for the next page.

        The page being left is marked with a flag on its ``window``; a newly
        loaded page has a fresh ``window`` without it. (Probing an element of
        the old page instead races with the navigation: Chromium may answer
        with a generic error rather than "stale element".)
        """
        self.driver.execute_script("window.__leavingThisPage = true")
        element.click()
        self.wait_for(self._arrived, "a new page")

    def _arrived(self) -> bool:
        """Whether a new page has replaced the flagged one and has loaded."""
        try:
            return bool(
                self.driver.execute_script(
                    "return !window.__leavingThisPage"
                    " && document.readyState === 'complete'"
                )
            )
        except WebDriverException:  # asked in the middle of the navigation
            return False

    def follow_link(self, text: str) -> None:
        """Follow the link with this text."""
        self.follow(self.driver.find_element(By.LINK_TEXT, text))

    def add_note(self, title: str, body: str = "") -> None:
        """Fill in the form on the index page and submit it."""
        self.find("input[name=title]").send_keys(title)
        self.find("textarea[name=body]").send_keys(body)
        self.follow(self.find("form.note-form button[type=submit]"))

    def json_shown(self) -> t.Any:
        """The JSON document the browser displays."""
        return json.loads(self.find("body").text)


@pytest.fixture
def person(browser: webdriver.Chrome, base_url: str, screenshots: Path) -> Person:
    """Someone using the demo in the module's Chromium (its console emptied
    of earlier tests' messages)."""
    browser.get_log("browser")
    return Person(browser, base_url, screenshots)


def test_the_page_opens_with_its_stylesheet_and_script(person: Person) -> None:
    person.open("/")
    assert person.driver.title == "Notes · modular Flask"
    assert person.texts("p.empty") == ["No notes yet."]
    # style.css is applied (body is 40rem wide at most) ...
    assert person.style(person.find("body"), "max-width") == "640px"
    # ... and notes.js ran.
    assert person.find("html").get_attribute("data-enhanced") == "true"
    person.snapshot("01-index-empty")


def test_a_note_from_the_form_is_flashed_once_and_linked(person: Person) -> None:
    person.open("/")
    person.add_note("Groceries", "eggs, flour")
    assert person.path() == "/notes/1"
    assert person.texts(".flash.success") == ["Saved “Groceries”."]
    assert person.find("textarea[name=body]").get_attribute("value") == "eggs, flour"
    person.snapshot("02-saved-and-flashed")

    person.driver.refresh()
    assert person.texts(".flash") == []  # a flashed message is shown once
    person.snapshot("03-reloaded-without-flash")

    person.follow_link("Notes")
    assert person.path() == "/"
    assert person.texts("ul.notes li a") == ["Groceries"]
    assert person.texts("p.empty") == []
    person.snapshot("04-index-lists-the-note")

    person.follow_link("Groceries")
    assert person.path() == "/notes/1"
    title = person.find("input[name=title]")
    title.clear()
    title.send_keys("Groceries for Sunday")
    person.follow(person.find("form.note-form button[type=submit]"))
    assert person.texts(".flash.success") == ["Note updated."]
    assert person.driver.title == "Groceries for Sunday · modular Flask"
    person.snapshot("05-updated")


def test_the_form_refuses_a_blank_title(person: Person) -> None:
    person.open("/")
    person.add_note("   ", "no title")
    assert person.texts(".flash.error") == ["A note needs a title."]
    assert person.find("textarea[name=body]").get_attribute("value") == "no title"
    person.snapshot("06-blank-title-refused")
    # The title field takes no more than the 200 characters allowed.
    person.find("input[name=title]").send_keys("x" * 250)
    assert len(person.find("input[name=title]").get_attribute("value") or "") == 200


def test_delete_buttons_use_the_json_api_without_leaving_the_page(
    person: Person,
) -> None:
    person.open("/")
    person.add_note("Keep me")
    person.follow_link("Notes")
    person.add_note("Throw me away")
    person.follow_link("Notes")
    assert person.texts("ul.notes li a") == ["Throw me away", "Keep me"]
    person.driver.execute_script("window.stillTheSamePage = true")
    person.snapshot("07-two-notes-before-delete")

    item = person.driver.find_element(
        By.XPATH, "//li[a[text()='Throw me away']]//button"
    )
    item.click()
    person.wait_for(lambda: person.texts(".flash"), "the script's message")
    assert person.texts(".flash.success") == ["Deleted “Throw me away”."]
    assert person.texts("ul.notes li a") == ["Keep me"]
    # No navigation happened: the script sent DELETE /api/notes/<id>.
    assert person.driver.execute_script("return window.stillTheSamePage") is True
    person.snapshot("08-deleted-by-script")

    person.driver.find_element(By.XPATH, "//li[a[text()='Keep me']]//button").click()
    person.wait_for(lambda: person.texts("p.empty"), "the empty list")
    assert person.texts("p.empty") == ["No notes yet."]
    assert person.driver.execute_script("return window.stillTheSamePage") is True
    person.snapshot("09-last-note-deleted")

    person.follow_link("JSON")
    assert person.path() == "/api/notes"
    assert person.json_shown() == {"notes": []}
    person.snapshot("10-json-after-deletes")


def test_the_json_link_shows_the_api_s_answer(person: Person) -> None:
    person.open("/")
    person.add_note("In JSON", "visible")
    person.follow_link("Notes")
    person.follow_link("JSON")
    assert person.path() == "/api/notes"
    notes = person.json_shown()["notes"]
    assert [(n["title"], n["body"]) for n in notes] == [("In JSON", "visible")]
    person.snapshot("11-json-list")


def test_missing_pages_render_the_404_page(person: Person) -> None:
    person.open("/no/such/page")
    assert person.find("h1").text == "404 · Not Found"
    assert person.texts("p.empty") == ["There is nothing here."]
    assert person.style(person.find("body"), "max-width") == "640px"
    person.snapshot("12-page-not-found")
    person.follow_link("Back to the notes.")
    assert person.path() == "/"

    person.open("/api/notes/99999999999999999999999")
    assert person.json_shown() == {"error": "no such note"}
    person.snapshot("13-api-not-found")


def test_static_files_are_served(person: Person) -> None:
    person.open("/static/style.css")
    assert "max-width: 40rem" in person.find("body").text
    person.snapshot("14-stylesheet")
    person.open("/static/notes.js")
    assert "DELETE" in person.find("body").text
    # Files taken from Chromium's memory cache leave no resource entry, so
    # the page is loaded with the cache off: both files come from the server.
    # An entry is written when its file has arrived, so it is waited for.
    person.driver.execute_cdp_cmd("Network.enable", {})
    person.driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    loaded: list[list[t.Any]] = []

    def both_files_loaded() -> bool:
        loaded[:] = person.driver.execute_script(
            "return performance.getEntriesByType('resource')"
            ".map(e => [new URL(e.name).pathname, e.responseStatus])"
        )
        return len(loaded) >= 2

    try:
        person.open("/")
        person.wait_for(both_files_loaded, "the page's two static files")
    finally:
        person.driver.execute_cdp_cmd(
            "Network.setCacheDisabled", {"cacheDisabled": False}
        )
    assert sorted(loaded) == [["/static/notes.js", 200], ["/static/style.css", 200]]
    # Shown alone, a file makes Chromium ask for /favicon.ico (the pages
    # declare an empty icon instead); nothing else may have gone wrong.
    console = person.driver.get_log("browser")
    problems = [e for e in console if e["level"] in ("SEVERE", "WARNING")]
    assert [e for e in problems if "/favicon.ico " not in e["message"]] == []


def test_without_javascript_delete_posts_the_form(
    base_url: str, screenshots: Path, tmp_path: Path
) -> None:
    try:
        driver = start_chromium(tmp_path / "profile", javascript=False)
    except WebDriverException as error:
        pytest.fail(f"Chromium did not start: {error}")
    try:
        person = Person(driver, base_url, screenshots)
        person.open("/")
        assert person.find("html").get_attribute("data-enhanced") is None
        person.add_note("Plain HTML")
        person.follow_link("Notes")
        person.follow(person.driver.find_element(By.XPATH, "//li//button"))
        assert person.texts(".flash.success") == ["Deleted “Plain HTML”."]
        assert person.texts("p.empty") == ["No notes yet."]
        person.snapshot("15-deleted-without-javascript")
    finally:
        driver.quit()


def test_a_missing_browser_fails_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        require_chromium()
