"""Browser: a coordinator runs a proposal round, accepts a proposal and sees the match."""

import pytest
from playwright.sync_api import Page, expect

from samenhier.roles import Role

from ..factories import MunicipalityFactory, UserFactory, ready_group, ready_refugee
from .conftest import axe_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator():
    den_haag = MunicipalityFactory(name="Den Haag")
    ready_refugee(
        municipality=den_haag, languages=["ar"], first_name="Rania", last_name="Voorbeeld"
    )
    ready_group(municipality=den_haag, name="Welkomgroep Duinoord")
    return UserFactory(
        email="coordinator@demo.samenhier.nl", role=Role.COORDINATOR, municipalities=[den_haag]
    )


def test_the_coordinator_runs_a_round_and_accepts_a_proposal(page: Page, live_server, coordinator):
    sign_in(page, f"{live_server.url}/koppelen/", coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppelen")
    page.get_by_label("Gemeente").select_option(label="Den Haag")
    page.get_by_role("button", name="Ronde starten").click()

    proposal = page.get_by_role("article").filter(has_text="Rania Voorbeeld")
    expect(proposal.get_by_role("heading")).to_contain_text("Welkomgroep Duinoord")
    proposal.get_by_text("Waarom dit voorstel?").click()
    assert not axe_problems(page)  # the round's page, the reasons unfolded
    expect(proposal.get_by_role("rowheader", name="Gedeelde taal")).to_be_visible()
    proposal.get_by_label("Toelichting (optioneel)").fill("Past goed bij elkaar")
    proposal.get_by_role("button", name="Accepteren").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Rania Voorbeeld")
    expect(
        page.get_by_text("Voorstel geaccepteerd: de koppeling is nu voorgesteld.")
    ).to_be_visible()
    expect(page.get_by_text("Voorgesteld", exact=True)).to_be_visible()
    # What comes next: the group confirms, the household's consent, a start date.
    next_steps = page.get_by_role("region", name="Wat er nu gebeurt")
    expect(next_steps.get_by_role("listitem")).to_have_count(3)
    expect(next_steps).to_contain_text("De contactpersoon van de groep bevestigt")
    assert not axe_problems(page)
