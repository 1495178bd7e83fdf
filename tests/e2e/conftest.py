"""Browser-test helpers: signing in, with the second factor when the account has one."""

import pytest
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
) -> None:
    page.goto(url)
    page.get_by_label(email_label).fill(user.email)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    secret = getattr(user, "totp_secret", None)
    if secret:
        page.get_by_label("Code").fill(totp_code(secret))
        page.locator("form[action$='/account/2fa/authenticate/'] button[type=submit]").first.click()


@pytest.fixture
def signed_in():
    return sign_in
