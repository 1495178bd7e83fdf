"""Small cells: every number that rests on fewer than 5 persons shows as "<5", decided per
cell, on every surface: the handprint's cards and tables, the dashboard's tables and
charts, the staff home, and every export."""

import datetime
import html as html_module
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from matching.services.activities import activity_log_save
from matching.services.year import self_reliance_record
from samenhier.cells import HIDDEN, Cell, small

from ..factories import (
    HouseholdMemberFactory,
    MembershipFactory,
    MunicipalityFactory,
    active_trajectory,
    life_domain,
    ready_refugee,
)


def year(municipality, *, persons, days_ago=100):
    household = ready_refugee(municipality=municipality)
    HouseholdMemberFactory.create_batch(persons - 1, refugee=household)
    return active_trajectory(
        municipality=municipality,
        refugee=household,
        start=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def log(trajectory, members, domain="work"):
    activity_log_save(
        trajectory=trajectory,
        by=members[0].user,
        date=timezone.localdate() - datetime.timedelta(days=3),
        hours=2,
        life_domains=[life_domain(domain)],
        members_present=members,
    )


@pytest.fixture
def tiny(db):
    """One municipality with one household of 4 persons and 3 volunteers."""
    place = MunicipalityFactory(name="Kleindorp")
    t = year(place, persons=4)
    log(t, list(t.match.group.memberships.all()))
    return place, t


def test_the_rule_itself():
    assert [small(n) for n in (0, 1, 4, 5, 40)] == [False, True, True, False, False]
    assert str(Cell.of(12345, 4)) == HIDDEN
    assert str(Cell.of(12345, 5)) == "12.345"
    assert Cell.of(3.5, 2).export == HIDDEN
    assert Cell.of(3.5, 9).export == 3.5
    assert Cell.of(7, 3).chart is None


def test_the_handprint_shows_no_number_of_a_tiny_municipality(client, staff, tiny):
    place, _t = tiny
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"), {"gemeente": place.pk})
    cards = {c["indicator"].key: str(c["cell"]) for c in response.context["cards"]}
    assert set(cards.values()) <= {HIDDEN, "0", "–"}, cards
    assert cards["refugees_supported"] == HIDDEN  # "4 personen" no more
    wheel = json.loads(
        re.search(r'id="wheel-data"[^>]*>(.*?)</script>', response.content.decode()).group(1)
    )
    assert all(v in (None, 0) for v in wheel["datasets"][0]["data"])


def test_the_dashboard_hides_the_months_and_the_municipality(client, staff, tiny):
    place, _t = tiny
    client.force_login(staff)
    response = client.get(reverse("impact:dashboard"), {"gemeente": place.pk})
    shown = [
        str(row[key])
        for row in response.context["months"] + response.context["per_place"]
        for key in ("reception_days", "volunteer_hours")
    ]
    assert shown
    assert set(shown) <= {HIDDEN, "0"}


def test_a_big_municipality_shows_its_figures(client, staff, db):
    place = MunicipalityFactory(name="Grootstad")
    for persons in (3, 3):
        t = year(place, persons=persons)
        members = list(t.match.group.memberships.all())
        log(t, members)
        log(t, [*members, MembershipFactory(group=t.match.group)])
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"), {"gemeente": place.pk})
    cards = {c["indicator"].key: str(c["cell"]) for c in response.context["cards"]}
    assert cards["refugees_supported"] == "6"
    assert cards["active_volunteers"] == "8"


def test_a_gain_per_domain_resting_on_one_household_is_hidden(
    client, staff, municipality, django_capture_on_commit_callbacks
):
    big = year(municipality, persons=4)
    other = year(municipality, persons=6)
    for t, domain in ((big, "work"), (other, "work"), (big, "health")):
        for moment, score in (("introduction", 1), ("final", 3)):
            self_reliance_record(
                trajectory=t, life_domain=life_domain(domain), moment=moment, score=score
            )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:exports"), {"format": "xlsx"})
    from impact.exports import file_bytes
    from impact.models import ExportJob

    book = openpyxl.load_workbook(io.BytesIO(file_bytes(ExportJob.objects.get())))
    gains = {
        row[0]: row[2]
        for row in book["Levensgebieden"].iter_rows(values_only=True)
        if row and row[0] in ("Werk", "Gezondheid")
    }
    # Work rests on two households (10 persons); health on one of 4 persons.
    assert gains == {"Werk": 2, "Gezondheid": HIDDEN}


def test_the_staff_home_hides_small_counts(client, staff, tiny):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    row = re.search(r"<th scope=\"row\">Kleindorp</th>(.*?)</tr>", html, re.S).group(1)
    numbers = [
        html_module.unescape(n) for n in re.findall(r'<td class="text-end">([^<]*)</td>', row)
    ]
    assert numbers
    assert set(numbers) <= {HIDDEN, "0"}, numbers
