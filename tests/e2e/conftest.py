"""Browser-test helpers: signing in, with the second factor when the account has one;
axe-core's check of a page against WCAG 2.1 A and AA; and a live server that answers
one request at a time on SQLite."""

import time

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page

from ..factories import PASSWORD, totp_code


class OneRequestAtATime(WSGIServer):
    """On SQLite the live server's request threads share the test's one in-memory
    connection, and two requests at once (the dashboard loads two sections side by side)
    can block each other for good. PostgreSQL gives each thread its own connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_problems(page: Page, impacts=("critical", "serious")) -> list[str]:
    """axe-core's violations of the page at the given impacts, one line each (the page,
    the rule, its impact and the first element it names)."""
    result = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in result.response["violations"]
        if v["impact"] in impacts
    ]


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = OneRequestAtATime


def sign_in(
    page: Page,
    url: str,
    user,
    *,
    email_label="E-mail",
    password_label="Wachtwoord",
    button="Inloggen",
    password=PASSWORD,
) -> None:
    page.goto(url)
    page.get_by_label(email_label).fill(user.email)
    page.get_by_label(password_label).fill(password)
    page.get_by_role("button", name=button).click()
    secret = getattr(user, "totp_secret", None)
    if secret:
        for _attempt in range(2):
            page.get_by_label("Code").fill(totp_code(secret))
            form = page.locator("form[action$='/account/2fa/authenticate/']")
            form.locator("button[type=submit]").first.click()
            page.wait_for_load_state()
            if "/account/2fa/authenticate/" not in page.url:
                return
            # The 30-second window turned between reading and sending the code: the
            # next one is another code (a used one is refused).
            time.sleep(30 - time.time() % 30 + 1)
