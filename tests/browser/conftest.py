"""Headless Chromium driven by Playwright's sync API against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.browser.accessibility import watch
from tests.portal.conftest import beneficiary, outbox  # noqa: F401 (the portal's fixtures, for its browser tests)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django then refuses database access from
# it unless told that this is deliberate (the documented way of testing Django with Playwright).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("PACTE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} est introuvable et PACTE_REQUIRE_BROWSER=1.")
        pytest.skip(f"{CHROMIUM} est introuvable.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page whose every loaded document axe-core checks (tests/browser/accessibility.py): the test
    fails on a serious or critical violation of any page it opened."""
    context = browser.new_context(locale="fr-FR")
    watcher = watch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if not page.is_closed():
        page.wait_for_timeout(200)  # the last page's check reports
    context.close()
    assert watcher.problems == [], "Accessibilité (axe-core) :\n" + "\n".join(watcher.problems)
