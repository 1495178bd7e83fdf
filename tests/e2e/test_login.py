"""Browser: the demo coordinator signs in and sees their home page, in Dutch or English."""

import pytest
from playwright.sync_api import Page, expect

from samenhier.roles import Role

from ..factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_coordinator():
    den_haag = MunicipalityFactory(name="Den Haag")
    return UserFactory(
        email="coordinator@demo.samenhier.nl",
        first_name="Cor",
        role=Role.COORDINATOR,
        municipalities=[den_haag],
    )


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_the_coordinator_signs_in_and_sees_the_pipeline(page: Page, live_server, demo_coordinator):
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Samen Hier")
    sign_in(page, live_server.url, demo_coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Cor")
    expect(page.get_by_role("heading", name="Stand van zaken")).to_be_visible()
    expect(page.get_by_text("Den Haag")).to_be_visible()


def test_the_site_speaks_english_after_switching(page: Page, live_server, demo_coordinator):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Samen Hier")
    page.get_by_label("Email").fill(demo_coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Cor")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
