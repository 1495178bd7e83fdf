"""Browser: the demo coordinator signs in and sees their home page, in Dutch or English."""

import pytest
from playwright.sync_api import Page, expect

from samenhier.roles import Role

from ..factories import MunicipalityFactory, UserFactory
from .conftest import sign_in

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


def test_the_coordinator_signs_in_and_sees_the_pipeline(page: Page, live_server, demo_coordinator):
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Samen Hier")
    sign_in(page, f"{live_server.url}/", demo_coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Cor")
    expect(page.get_by_role("heading", name="Stand van zaken")).to_be_visible()
    expect(page.get_by_text("Den Haag")).to_be_visible()


def test_the_site_speaks_english_after_switching(page: Page, live_server, demo_coordinator):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Samen Hier")
    sign_in(
        page,
        f"{live_server.url}/account/login/",
        demo_coordinator,
        email_label="Email",
        password_label="Password",
        button="Sign in",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Cor")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
