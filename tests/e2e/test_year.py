"""Browser: the year as the three people who live it see it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from matching.models import ActivityLog, CheckIn
from refugees.models import Refugee
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    MunicipalityFactory,
    UserFactory,
    active_trajectory,
)
from .conftest import axe_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectory():
    den_haag = MunicipalityFactory(name="Den Haag")
    return active_trajectory(
        municipality=den_haag, start=timezone.localdate() - datetime.timedelta(days=60)
    )


def test_a_group_member_logs_an_activity_on_a_phone(page: Page, live_server, trajectory):
    member = trajectory.match.group.memberships.get(is_contact=True).user
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, f"{live_server.url}/", member)
    expect(page.get_by_role("heading", level=1)).to_have_text(trajectory.match.group.name)
    page.get_by_role("link", name="Activiteit vastleggen").click()
    assert not axe_problems(page)
    # Fifteen hours for one activity is asked about first, on a page that passes axe too.
    page.get_by_role("textbox", name="Uren", exact=True).fill("15")
    page.get_by_label("Taal", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Meer dan 12 uur voor één activiteit")).to_be_visible()
    expect(page.get_by_label("Ja, het waren echt zoveel uur per aanwezig lid.")).to_be_visible()
    assert not axe_problems(page)
    assert not ActivityLog.objects.exists()
    page.get_by_role("textbox", name="Uren", exact=True).fill("1,5")  # as the hint says
    page.get_by_label("werkgever").fill("1")
    page.get_by_label("Wat hebben jullie gedaan?").fill("Samen naar de bibliotheek")
    page.get_by_role("button", name="Opslaan").click()
    # The saved entry is shown at the top, where the person lands.
    expect(page.get_by_text("De activiteit is vastgelegd:")).to_contain_text("1,5 uur")
    expect(page.get_by_text("De activiteit is vastgelegd:")).to_be_in_viewport()
    expect(page.get_by_text("Samen naar de bibliotheek")).to_be_visible()
    assert not axe_problems(page)
    log = ActivityLog.objects.get()
    assert (float(log.hours), log.logged_by) == (1.5, member)
    assert log.introductions.get().kind == "employer"
    # The list of the group's activities fits the phone: no sideways scrolling.
    page.goto(f"{live_server.url}/traject/{trajectory.code}/activiteiten/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not axe_problems(page)


def test_a_coordinator_sees_a_quiet_trajectory_flagged(page: Page, live_server, trajectory):
    ActivityLogFactory(
        trajectory=trajectory, date=timezone.localdate() - datetime.timedelta(days=35)
    )
    coordinator = UserFactory(
        role=Role.COORDINATOR, municipalities=[trajectory.match.refugee.municipality]
    )
    sign_in(page, f"{live_server.url}/opvolging/", coordinator)
    row = page.get_by_role("row").filter(has_text=trajectory.match.group.name)
    expect(row.get_by_text("stil", exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="35")).to_be_visible()
    page.get_by_label("Signaal").select_option("quiet")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("row").filter(has_text=trajectory.match.group.name)).to_be_visible()


def test_a_household_member_answers_a_check_in(page: Page, live_server, trajectory):
    user = UserFactory(role=Role.REFUGEE)
    Refugee.objects.filter(pk=trajectory.match.refugee_id).update(user=user)
    sign_in(page, f"{live_server.url}/", user)
    page.get_by_role("link", name="Vertel het ons").first.click()
    assert not axe_problems(page)
    page.get_by_label("goed", exact=True).check()
    page.get_by_label("Wat helpt je?").fill("De wandelingen samen")
    page.get_by_label("Wat mis je?").fill("Een stageplek")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Dank je wel!")).to_be_visible()
    assert not axe_problems(page)
    check_in = CheckIn.objects.get()
    assert (check_in.score, check_in.missing) == (4, "Een stageplek")
