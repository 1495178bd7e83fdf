"""seed_demo builds the programme it promises, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from groups.models import WelcomeGroup
from matching.models import ActivityLog, Match, NetworkIntroduction
from samenhier.demo.words import DEMO_LOGINS, DEMO_PASSWORD
from samenhier.models import Municipality, User
from samenhier.roles import ADMIN_ROLES, Role


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", stdout=out, production_ok=True)  # tests run with DEBUG off
    return out.getvalue()


def reference_reception_days(today: datetime.date) -> int:
    """The formula by hand: Σ persons × days of each started match up to today."""
    total = 0
    for m in Match.objects.filter(status__in=Match.STARTED):
        stop = m.actual_end_date or min(today, m.planned_end_date)
        total += m.persons * (stop - m.start_date).days
    return total


def test_it_builds_four_cities_and_matches_in_every_status(seeded):
    assert {"Den Haag", "Utrecht", "Rotterdam", "Haarlem"} <= set(
        Municipality.objects.values_list("name", flat=True)
    )
    counts = dict(Match.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert sum(counts.values()) >= 45
    assert set(counts) == set(Match.Status.values)


def test_it_spans_about_three_years(seeded):
    span = Match.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
    assert (span["last"] - span["first"]).days > 2 * 365
    years = set(ActivityLog.objects.dates("date", "year"))
    assert len(years) >= 3


def test_groups_have_three_to_five_members(seeded):
    sizes = WelcomeGroup.objects.annotate(n=Count("memberships")).values_list("n", flat=True)
    assert min(sizes) >= 3
    assert max(sizes) <= 5


def test_about_half_the_groups_involve_their_network(seeded):
    started = WelcomeGroup.objects.filter(matches__status__in=Match.STARTED).distinct()
    with_network = started.filter(
        matches__trajectory__activities__introductions__isnull=False
    ).distinct()
    share = with_network.count() / started.count()
    assert 0.3 <= share <= 0.7
    assert NetworkIntroduction.objects.exists()


def test_reception_days_to_date_land_near_20000(seeded):
    days = reference_reception_days(timezone.localdate())
    assert 19_000 <= days <= 21_500


def test_it_makes_a_demo_login_for_every_role(seeded):
    for role, email, *_name in DEMO_LOGINS:
        user = User.objects.get(email=email)
        assert role in user.roles
        assert user.check_password(DEMO_PASSWORD)
        assert email in seeded


def test_the_demo_coordinator_sees_at_least_45_matches(seeded):
    coordinator = User.objects.get(email="coordinator@demo.samenhier.nl")
    from matching.selectors.matches import matches_for_user

    assert matches_for_user(coordinator).count() >= 45


def test_it_is_idempotent(seeded):
    before = (Match.objects.count(), User.objects.count(), ActivityLog.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out, production_ok=True)  # tests run with DEBUG off
    assert "already present" in out.getvalue()
    assert (Match.objects.count(), User.objects.count(), ActivityLog.objects.count()) == before


def test_scale_adds_copies(seeded):
    before = Match.objects.count()
    call_command("seed_demo", "--scale", "2", stdout=StringIO(), production_ok=True)
    assert Match.objects.count() == 2 * before
    assert Municipality.objects.count() == 8


def test_it_shows_signups_in_every_state_and_one_from_elsewhere(seeded, client):
    from groups.models import SignUp

    assert set(SignUp.objects.values_list("status", flat=True)) == set(SignUp.Status.values)
    assert SignUp.objects.filter(municipality=None).exclude(place_elsewhere="").exists()
    became = SignUp.objects.filter(status=SignUp.Status.BECAME_GROUP)
    assert became.filter(group__status=WelcomeGroup.Status.FORMING).count() == 1
    # Others became groups that went on: the funnel from sign-up shows whole figures.
    assert became.filter(group__status=WelcomeGroup.Status.MATCHED).count() >= 5
    # The demo coordinator sees the new ones on their home.
    coordinator = User.objects.get(email=next(e for r, e, *_ in DEMO_LOGINS if "coordinator@" in e))
    client.force_login(coordinator)
    assert "Nieuwe aanmeldingen" in client.get("/").content.decode()
    before = SignUp.objects.count()
    call_command("seed_demo", stdout=StringIO(), production_ok=True)
    assert SignUp.objects.count() == before  # made once


def test_a_household_whose_year_ended_early_waits_for_a_new_group(seeded):
    """The demo shows a rematch: the year that ended early stays (and counts), the
    household waits again, never to be proposed to its old group."""
    from matching.models import Veto
    from refugees.models import Refugee

    ended = Match.objects.filter(status=Match.Status.ENDED_EARLY).exclude(
        end_reason__in=["household_moved", "household_stopped"]
    )
    assert ended.exists()
    for match in ended:
        assert match.refugee.status == Refugee.Status.READY
        assert [c.new for c in match.refugee.status_changes.order_by("at", "pk")] == [
            "ready",
            "matched",
            "ready",
        ]
        assert Veto.objects.filter(refugee=match.refugee, group=match.group).exists()


def test_every_group_member_has_the_role_the_services_grant(seeded):
    """The bulk-inserted members get their role through `roles_grant`, as invited ones do
    through `role_grant`: the role, and no access to the admin."""
    members = User.objects.filter(memberships__isnull=False).distinct()
    assert members.exists()
    assert not members.exclude(groups__name=Role.GROUP_MEMBER).exists()
    assert not members.filter(is_staff=True).exclude(groups__name__in=ADMIN_ROLES).exists()
