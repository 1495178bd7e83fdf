"""The dashboard's funnel from sign-up to a completed year, per municipality, against
figures worked out by hand; a coordinator sees their own cities only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import GroupStatusChange, SignUpStatusChange, WelcomeGroup
from impact.aggregates import Period
from impact.recruitment import recruitment

from ..factories import SignUpFactory, WelcomeGroupFactory

DAY = datetime.timedelta(days=1)


def moment(days_ago: int) -> datetime.datetime:
    return timezone.now() - days_ago * DAY


def follow(signup, *, group_after: int, steps: list[tuple[str, int]]):
    """The sign-up becomes a group `group_after` days later, which then reaches each
    (status, days after the step before)."""
    group = WelcomeGroupFactory(municipality=signup.municipality)
    when = signup.created_at + group_after * DAY
    signup.group = group
    signup.status = signup.Status.BECAME_GROUP
    signup.save(update_fields=["group", "status"])
    SignUpStatusChange.objects.create(signup=signup, old="new", new=signup.status, at=when)
    for status, days in steps:
        when += days * DAY
        GroupStatusChange.objects.create(group=group, old="", new=status, at=when)
    return group


@pytest.fixture
def cohort(municipality, other_municipality):
    """Den Haag: 10 sign-ups 200 days ago; 6 became a group 10 days later, 5 of those
    were ready 20 days after that and matched 30 days after that; one of them was
    matched again after being ready again (counted once). Utrecht: 2 sign-ups. One
    sign-up in Den Haag long before the period."""
    signups = SignUpFactory.create_batch(10, municipality=municipality, created_at=moment(200))
    Status = WelcomeGroup.Status
    for signup in signups[:5]:
        follow(signup, group_after=10, steps=[(Status.READY, 20), (Status.MATCHED, 30)])
    rematched = follow(signups[5], group_after=10, steps=[])
    GroupStatusChange.objects.create(group=rematched, old="", new=Status.READY, at=moment(1))
    first_group = signups[0].group
    GroupStatusChange.objects.create(group=first_group, old="", new=Status.READY, at=moment(5))
    GroupStatusChange.objects.create(group=first_group, old="", new=Status.MATCHED, at=moment(2))
    SignUpFactory.create_batch(2, municipality=other_municipality, created_at=moment(100))
    SignUpFactory(municipality=municipality, created_at=moment(900))
    return signups


def period(**kwargs):
    today = timezone.localdate()
    return Period(today - 365 * DAY, today + DAY, today=today, **kwargs)


def shown(cells):
    return [str(cell) for cell in cells]


def test_the_funnel_by_hand(cohort, municipality, other_municipality):
    funnel = recruitment(period())
    den_haag, utrecht = funnel["places"]
    assert den_haag["municipality"] == "Den Haag"
    assert str(den_haag["signups"]) == "10"
    steps = {step.key: step for step in den_haag["steps"]}
    # 6 groups (60% of 10) after 10 days; 6 ready (the rematched one too, 100%) — its
    # first ready is 189 days after the group, the five others 20: (5×20 + 189) / 6.
    assert (steps["forming"].count.value, steps["forming"].share.value) == (6, 60.0)
    assert steps["forming"].days.value == 10
    assert (steps["ready"].count.value, steps["ready"].share.value) == (6, 100.0)
    assert steps["ready"].days.value == round((5 * 20 + 189) / 6)
    # 5 matched, each first at 30 days after their first ready (83.3% of 6).
    assert (steps["matched"].count.value, steps["matched"].share.value) == (5, 83.3)
    assert steps["matched"].days.value == 30
    assert (steps["completed"].count.value, str(steps["completed"].days)) == (0, "–")
    # Utrecht's 2 sign-ups rest on fewer than 5 persons.
    assert str(utrecht["signups"]) == "<5"
    assert str(funnel["whole"]["signups"]) == "12"


def test_a_scope_counts_only_its_own_municipalities(cohort, other_municipality):
    funnel = recruitment(period(municipality_ids=frozenset({other_municipality.pk})))
    assert [row["municipality"] for row in funnel["places"]] == ["Utrecht"]
    assert funnel["whole"]["signups"].value == 2


def test_the_dashboard_loads_the_funnel_for_the_users_cities(
    client, staff, coordinator, other_city_coordinator, cohort
):
    url = reverse("impact:recruitment")
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert "Den Haag" in html
    assert "Utrecht" in html
    assert "Groep in oprichting" in html
    client.force_login(coordinator)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Den Haag" in response.content.decode()
    assert "Utrecht" not in response.content.decode()
    assert "<html" not in response.content.decode()  # the section, not the page
    client.force_login(other_city_coordinator)
    assert "Den Haag" not in client.get(url).content.decode()
    dashboard = client.get(reverse("impact:dashboard")).content.decode()
    assert f'hx-get="{url}' in dashboard


@pytest.mark.parametrize("role_fixture", ["group_member", "refugee_user", "community_builder"])
def test_members_households_and_community_builders_are_refused(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("impact:recruitment")).status_code == 403


def test_its_queries_do_not_grow_with_the_sign_ups(
    client, staff, cohort, municipality, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("impact:recruitment"))
    SignUpFactory.create_batch(20, municipality=municipality, created_at=moment(50))
    SignUpFactory.create_batch(5, created_at=moment(50))  # each in a municipality of its own
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("impact:recruitment")).status_code == 200
