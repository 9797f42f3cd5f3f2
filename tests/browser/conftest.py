"""Browser tests: real headless Chromium (Debian's, never a downloaded one) driven by Playwright.

Locally these tests are skipped when Chromium is not installed; in CI (CI=true)
a missing browser is a failure, since `.ci/run` installs it.
"""

import os
import shutil
from pathlib import Path

import pytest

from manifestos.transfer.demo import demo_content_load
from regions.register import shipped_register_import
from tests.factories import PASSWORD, UserFactory

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by
# fixtures between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


def _missing(what, how):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: {how}")
    pytest.skip(f"{what} is not installed ({how}); CI runs these tests")


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _missing("Chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the register and the real demo content."""
    shipped_register_import()
    demo_content_load()
    return live_server


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="nl-NL",
        accept_downloads=True,
        # axe-core is injected by the test, not served by the site: let the page run it.
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, viewport, request):
    """Save a full-page screenshot as a test artifact: var/test-artifacts/<test>-<width>.png."""

    def take(name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}-{VIEWPORTS[viewport]['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe(page):
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; return its violations."""
    if not AXE_SCRIPT.exists():
        _missing("axe-core", "npm ci --prefix tests/browser")
    source = AXE_SCRIPT.read_text()

    def run():
        page.evaluate(source)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        return [
            {
                "id": violation["id"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    return run


# Runs before the page's own scripts, outside the page's CSP (it is the browser's, not the site's).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def strict_page(browser):
    """A page whose context enforces the CSP, plus the list of what the browser reported
    (CSP and permission refusals on the console, script errors)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="nl-NL")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if any(
                marker in message.text
                for marker in ["Content Security Policy", "Refused to", "Permissions-Policy"]
            )
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, problems
    context.close()


def csp_violations(page):
    """The CSP violations the page reported so far (see `strict_page`)."""
    return page.evaluate("window.__cspViolations")


def admin_log_in(page, base_url, username, password=PASSWORD):
    """Log in through the admin's own login form, as a person does, and wait for the page it
    leads to. A page the admin already sent to its form (an expired session) logs in right
    there and goes on to where it was going."""
    if "/admin/login/" not in page.url:
        page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def superuser_log_in(page, base_url):
    """A new superuser, `redactie`, logged in through the admin's login form."""
    UserFactory(superuser=True, username="redactie")
    admin_log_in(page, base_url, "redactie")


@pytest.fixture
def logged_in(site, page):
    """The page of a superuser, `redactie`, logged in through the admin's login form."""
    superuser_log_in(page, site.url)
    return page
