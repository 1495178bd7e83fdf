"""Browser-test helpers: signing in, with the second factor when the account has one."""

import time

from playwright.sync_api import Page

from ..factories import PASSWORD, totp_code


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
