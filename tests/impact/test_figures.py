"""Each impact figure against numbers worked out by hand, and against the reference."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impact import aggregates, presence, series
from impact.aggregates import Period
from matching.models import ActivityLog, Match, SelfRelianceScore, Trajectory
from matching.services.summaries_rebuild import rebuild
from matching.services.year import planned_end

from ..factories import (
    ActivityLogFactory,
    MatchFactory,
    MembershipFactory,
    RefugeeFactory,
    WelcomeGroupFactory,
    life_domain,
    set_present,
)
from .reference import reference_figures

D = datetime.date


# The rows below are inserted by factories, not by the services that keep the figures'
# summaries; these tests check the arithmetic, so the summaries are made from the rows
# first (tests/matching/test_summaries.py checks that the services keep them equal).
def figures(period):
    rebuild()
    return aggregates.figures(period)


def sdg_hours(period):
    rebuild()
    return aggregates.sdg_hours(period)


TODAY = D(2026, 6, 15)
# The period of the hand-worked cases: the first half of 2026.
PERIOD = Period(D(2026, 1, 1), D(2026, 7, 1), today=TODAY)


def started(municipality, *, status, start, persons, end=None, group=None):
    """A match as it stands after its lifecycle, with its trajectory."""
    match = MatchFactory(
        refugee=RefugeeFactory(municipality=municipality),
        group=group or WelcomeGroupFactory(municipality=municipality),
        status=status,
        start_date=start,
        persons=persons,
        planned_end_date=planned_end(start),
        actual_end_date=end,
        end_reason="mismatch" if status == Match.Status.ENDED_EARLY else "",
    )
    Trajectory.objects.create(match=match)
    return match


@pytest.fixture
def cases(municipality):
    return {
        # Straddles the period start: 1 Oct 2025 – 1 Oct 2026, still open, capped at today.
        # Days in period: 1 Jan → 15 Jun (today) = 165; 3 persons → 495.
        "straddling": started(municipality, status="active", start=D(2025, 10, 1), persons=3),
        # Ended early: 1 Feb – 1 Mar 2026 = 28 days; 2 persons → 56.
        "ended_early": started(
            municipality, status="ended_early", start=D(2026, 2, 1), end=D(2026, 3, 1), persons=2
        ),
        # Still open, started in the period: 1 May → 15 Jun = 45 days; 1 person → 45.
        "open": started(municipality, status="active", start=D(2026, 5, 1), persons=1),
        # Completed before the period: 0 days.
        "before": started(
            municipality, status="completed", start=D(2024, 1, 1), end=D(2025, 1, 1), persons=4
        ),
    }


def test_reception_days_by_hand(cases, municipality):
    # Proposed and declined matches count zero, whatever their dates.
    MatchFactory(refugee=RefugeeFactory(municipality=municipality), status="proposed")
    MatchFactory(refugee=RefugeeFactory(municipality=municipality), status="declined")
    assert figures(PERIOD)["reception_days"] == 495 + 56 + 45  # = 596


def test_refugees_supported_and_new_matches_by_hand(cases):
    result = figures(PERIOD)
    assert result["refugees_supported"] == 3 + 2 + 1  # the three that overlap
    assert result["new_matches"] == 2  # ended_early (Feb) and open (May) started in it


def test_a_period_starting_at_a_trajectorys_end_excludes_it(cases):
    # The ended-early year's last day is 28 Feb (end 1 Mar exclusive).
    march = Period(D(2026, 3, 1), D(2026, 4, 1), today=TODAY)
    assert figures(march)["refugees_supported"] == 3  # only "straddling"
    assert figures(march)["reception_days"] == 3 * 31


def test_volunteer_hours_and_active_volunteers_by_hand(cases, municipality):
    match = cases["open"]
    a, b = MembershipFactory(group=match.group), MembershipFactory(group=match.group)
    ActivityLogFactory(
        trajectory=match.trajectory,
        date=D(2026, 5, 2),
        hours=Decimal("2.5"),
        members_present=[a, b],
    )  # 5.0 h
    ActivityLogFactory(
        trajectory=match.trajectory, date=D(2026, 5, 9), hours=Decimal("1"), members_present=[a]
    )  # 1.0 h
    ActivityLogFactory(
        trajectory=match.trajectory, date=D(2026, 7, 1), hours=Decimal("8"), members_present=[a, b]
    )  # outside the period
    result = figures(PERIOD)
    assert result["volunteer_hours"] == 6.0
    assert result["active_volunteers"] == 2
    assert result["activities"]["language"] == 2


def test_network_involvement_by_hand(cases):
    # Three groups have a trajectory in the period; one of them introduced someone.
    log = ActivityLogFactory(trajectory=cases["open"].trajectory, date=D(2026, 5, 3))
    log.introductions.create(kind="employer")
    log.introductions.create(kind="employer")
    result = figures(PERIOD)
    assert result["active_groups"] == 3
    assert result["network_involvement"] == 33.3  # 1 of 3
    assert result["introductions"]["employer"] == 2


def test_self_reliance_gain_by_hand(cases):
    t = cases["straddling"].trajectory
    for key, first, last in (("language", 2, 4), ("work", 1, 2)):
        SelfRelianceScore.objects.create(
            trajectory=t, life_domain=life_domain(key), moment="introduction", score=first
        )
        SelfRelianceScore.objects.create(
            trajectory=t, life_domain=life_domain(key), moment="final", score=last
        )
    # Only an introduction score: not counted.
    SelfRelianceScore.objects.create(
        trajectory=t, life_domain=life_domain("housing"), moment="introduction", score=1
    )
    gain = figures(PERIOD)["self_reliance_gain"]
    assert gain["per_domain"]["language"] == 2
    assert gain["per_domain"]["work"] == 1
    assert gain["per_domain"]["housing"] is None
    assert gain["overall"] == 1.5  # (2 + 1) / 2


def test_sdg_hours_count_every_activity_for_sdg_10(cases):
    member = MembershipFactory(group=cases["open"].group)
    log = ActivityLogFactory(
        trajectory=cases["open"].trajectory,
        date=D(2026, 5, 2),
        hours=Decimal("2"),
        life_domains=[life_domain("language"), life_domain("education"), life_domain("work")],
    )
    set_present(log, [member])
    hours = sdg_hours(PERIOD)
    assert hours[10] == 2.0
    assert hours[4] == 2.0  # language and education both map to SDG 4: counted once
    assert hours[8] == 2.0
    assert hours[11] == 0.0


def test_the_municipality_filter_keeps_other_cities_out(cases, other_municipality):
    started(other_municipality, status="active", start=D(2026, 1, 1), persons=5)
    own = Period(
        PERIOD.start, PERIOD.end, frozenset({cases["open"].refugee.municipality_id}), today=TODAY
    )
    assert figures(own)["reception_days"] == 596
    assert figures(PERIOD)["reception_days"] == 596 + 5 * 165
    assert figures(PERIOD)["municipalities_active"] == 2


def test_it_matches_the_reference_on_the_hand_worked_cases(cases):
    assert figures(PERIOD) == reference_figures(PERIOD.start, PERIOD.end, TODAY)


statuses = st.sampled_from(["proposed", "declined", "active", "completed", "ended_early"])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.lists(
        st.tuples(
            statuses,
            st.dates(D(2023, 1, 1), D(2026, 12, 31)),
            st.integers(1, 6),
            st.integers(1, 400),
            st.lists(st.integers(0, 420), max_size=4),
        ),
        max_size=6,
    ),
    window=st.tuples(st.dates(D(2023, 1, 1), D(2027, 1, 1)), st.integers(1, 900)),
    today=st.dates(D(2024, 1, 1), D(2027, 6, 1)),
)
def test_the_database_agrees_with_the_reference_on_random_data(municipality, data, window, today):
    # Hypothesis reuses the test's database across examples: start each one empty.
    ActivityLog.objects.all().delete()
    Trajectory.objects.all().delete()
    Match.objects.all().delete()
    for status, start, persons, length, log_days in data:
        if status in ("proposed", "declined"):
            MatchFactory(refugee=RefugeeFactory(municipality=municipality), status=status)
            continue
        end = start + datetime.timedelta(days=length) if status != "active" else None
        match = started(municipality, status=status, start=start, persons=persons, end=end)
        member = MembershipFactory(group=match.group)
        for offset in log_days:
            log = ActivityLogFactory(
                trajectory=match.trajectory, date=start + datetime.timedelta(days=offset)
            )
            set_present(log, [member])
            if offset % 3 == 0:
                log.introductions.create(kind="club")
    period = Period(window[0], window[0] + datetime.timedelta(days=window[1]), today=today)
    assert figures(period) == reference_figures(period.start, period.end, today)


def test_figures_stay_the_same_after_a_household_is_erased(cases):
    from samenhier.privacy import household_erase

    t = cases["straddling"].trajectory
    SelfRelianceScore.objects.create(
        trajectory=t, life_domain=life_domain("work"), moment="introduction", score=1
    )
    SelfRelianceScore.objects.create(
        trajectory=t, life_domain=life_domain("work"), moment="final", score=4
    )
    member = MembershipFactory(group=cases["open"].group)
    log = ActivityLogFactory(
        trajectory=cases["open"].trajectory,
        date=D(2026, 5, 2),
        description="Met Amal naar de huisarts",
    )
    set_present(log, [member])
    log.introductions.create(kind="school")
    before = figures(PERIOD)
    for match in cases.values():
        household_erase(refugee_code=match.refugee_id)
    log.refresh_from_db()
    assert log.description == ""
    assert not cases["open"].refugee.__class__.objects.exclude(first_name="").exists()
    assert figures(PERIOD) == before


def test_a_month_the_period_cuts_counts_the_volunteers_of_its_days_inside(
    cases, municipality, other_municipality
):
    """A month cut by the period counts the members present on its days inside the
    period, each person once across places, and nobody present there is 0."""
    from matching.models.summaries import PresenceKind

    match = cases["open"]  # 1 May 2026 onwards
    members = MembershipFactory.create_batch(7, group=match.group)
    ActivityLogFactory(
        trajectory=match.trajectory, date=D(2026, 5, 20), members_present=members[:3]
    )
    ActivityLogFactory(trajectory=match.trajectory, date=D(2026, 5, 3), members_present=members)
    rebuild()
    may = D(2026, 5, 1)
    late_may = Period(D(2026, 5, 10), D(2026, 7, 1), today=TODAY)  # only the log of 20 May
    assert presence.present_at_edges(PresenceKind.VOLUNTEER, late_may) == {may: 3}
    early_may = Period(D(2026, 4, 1), D(2026, 5, 4), today=TODAY)  # 7 present on 3 May
    assert presence.present_at_edges(PresenceKind.VOLUNTEER, early_may) == {may: 7}
    assert presence.distinct_active(PresenceKind.VOLUNTEER, early_may) == 7
    # The monthly series takes the cut month's count, and whole months their own.
    assert series.volunteers_per_month(late_may) == {may: 3}  # nobody in June
    # A member of this group who is also present in another city's year counts once.
    elsewhere = started(other_municipality, status="active", start=D(2026, 5, 1), persons=1)
    ActivityLogFactory(
        trajectory=elsewhere.trajectory,
        date=D(2026, 5, 21),
        members_present=[MembershipFactory(group=elsewhere.group, user=members[0].user)],
    )
    rebuild()
    both = Period(D(2026, 5, 10), D(2026, 6, 1), {municipality.pk, other_municipality.pk}, TODAY)
    assert presence.present_at_edges(PresenceKind.VOLUNTEER, both) == {may: 3}
    nobody = Period(D(2026, 5, 25), D(2026, 6, 1), today=TODAY)
    assert presence.present_at_edges(PresenceKind.VOLUNTEER, nobody) == {may: 0}
