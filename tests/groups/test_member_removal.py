"""A member leaves a group through `membership_remove`, also from the admin's delete box:
one who was present at an activity stays, so the year's history and every figure stay as
they were (the summaries then still equal the raw rows: `manage.py summaries --verify`)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from groups.models import Membership
from groups.services import membership_remove, membership_remove_check
from matching.services.activities import activity_log_save
from samenhier.models import LifeDomain

from ..factories import active_trajectory
from ..helpers import form_data, refused


@pytest.fixture
def year(municipality):
    """A running year whose first member was at one activity; the others were not."""
    trajectory = active_trajectory(municipality=municipality)
    members = list(trajectory.match.group.memberships.order_by("-is_contact", "joined_on", "pk"))
    activity_log_save(
        trajectory=trajectory,
        by=members[0].user,
        date=trajectory.match.start_date + datetime.timedelta(days=3),
        hours=Decimal("2"),
        life_domains=[LifeDomain.objects.get(key="work")],
        members_present=members[:1],
    )
    return trajectory


def summaries_differences() -> str:
    out = io.StringIO()
    call_command("summaries", "--verify", stdout=out)
    return out.getvalue()


def delete_in_admin(client, group, membership):
    """Tick the member's delete box on the group's admin page and save it."""
    url = reverse("admin:groups_welcomegroup_change", args=[group.pk])
    data = form_data(client.get(url).content.decode(), "welcomegroup_form")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("memberships-") and value == [str(membership.pk)]
    )
    data[f"memberships-{index}-DELETE"] = ["on"]
    return client.post(url, data)


def present_and_absent(year) -> tuple[Membership, Membership]:
    log = year.activities.get()
    present = log.members_present.get()
    absent = year.match.group.memberships.exclude(pk=present.pk).first()
    return present, absent


def test_it_refuses_to_remove_a_member_who_was_present(year):
    present, _absent = present_and_absent(year)
    with refused("member_was_present"):
        membership_remove(membership=present)
    assert Membership.objects.filter(pk=present.pk).exists()


def test_it_removes_a_member_who_was_never_present(year):
    _present, absent = present_and_absent(year)
    membership_remove(membership=absent)
    assert not Membership.objects.filter(pk=absent.pk).exists()


def test_the_admin_refuses_to_delete_a_present_member_and_the_figures_stay(
    client, coordinator, year
):
    present, _absent = present_and_absent(year)
    client.force_login(coordinator)
    response = delete_in_admin(client, year.match.group, present)
    assert response.status_code == 200  # the page again, with the service's reason
    with refused("member_was_present") as reason:
        membership_remove_check(membership=present)
    assert escape(str(reason.value)) in response.content.decode()
    assert Membership.objects.filter(pk=present.pk).exists()
    assert year.activities.get().members_present.get() == present
    assert summaries_differences().endswith(", 0 differences\n")


def test_the_admin_deletes_a_member_who_was_never_present_and_the_figures_stay(
    client, coordinator, year
):
    _present, absent = present_and_absent(year)
    client.force_login(coordinator)
    response = delete_in_admin(client, year.match.group, absent)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=absent.pk).exists()
    assert summaries_differences().endswith(", 0 differences\n")
