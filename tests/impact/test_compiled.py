"""The figures' queries are built once per period and run fresh every time: a write is in
the very next figure, and a period asked again builds nothing."""

import datetime
from decimal import Decimal

from django.db.models import Count, Min

from impact import aggregates, compiled
from impact.aggregates import Period
from matching.models import Match
from matching.services.activities import activity_log_save

from ..factories import MatchFactory, MembershipFactory, life_domain
from .test_figures import started

D = datetime.date
TODAY = D(2026, 6, 15)


def test_a_write_is_in_the_next_figure_of_the_same_period(municipality):
    match = started(municipality, status="active", start=D(2026, 5, 1), persons=2)
    member = MembershipFactory(group=match.group)
    period = Period(D(2026, 1, 1), D(2026, 7, 1), today=TODAY)
    before = aggregates.figures(period)
    for hours, day in ((Decimal("2"), D(2026, 5, 3)), (Decimal("1.5"), D(2026, 6, 1))):
        activity_log_save(
            trajectory=match.trajectory,
            by=member.user,
            date=day,
            hours=hours,
            life_domains=[life_domain("language")],
            members_present=[member],
        )
    after = aggregates.figures(period)
    assert after["activity_count"] == before["activity_count"] + 2
    assert after["volunteer_hours"] == before["volunteer_hours"] + 3.5
    assert after["active_volunteers"] == before["active_volunteers"] + 1


def test_a_period_asked_again_builds_nothing_and_another_period_builds_its_own(db):
    built = []

    @compiled.compiled
    def first_start(period):
        built.append(period)
        return compiled.totals(
            Match.objects.filter(start_date__gte=period.start), first=Min("start_date")
        )

    spring = Period(D(2026, 3, 1), D(2026, 6, 1), today=TODAY)
    assert first_start(spring) == [(None,)]  # one row, as aggregate() gives, even when empty
    MatchFactory(status="proposed", start_date=D(2026, 4, 2))
    assert first_start(spring) == [(D(2026, 4, 2),)]  # the new row, without building again
    assert built == [spring]
    autumn = Period(D(2026, 9, 1), D(2026, 12, 1), today=TODAY)
    assert first_start(autumn) == [(None,)]
    assert built == [spring, autumn]


def test_a_query_that_can_have_no_rows_gives_none(db):
    @compiled.compiled
    def nobody():
        return Match.objects.filter(pk__in=[]).values("status").annotate(n=Count("pk"))

    MatchFactory(status="proposed")
    assert nobody() == []


def test_it_keeps_a_bounded_number_of_statements(db, monkeypatch):
    monkeypatch.setattr(compiled, "SIZE", 3)

    @compiled.compiled
    def since(day):
        return compiled.totals(Match.objects.filter(start_date__gte=day), n=Count("pk"))

    for offset in range(10):
        assert since(D(2026, 1, 1) + datetime.timedelta(days=offset)) == [(0,)]
    assert len(compiled._statements) <= 3


def test_a_total_over_a_scope_that_holds_nothing_is_one_row_as_aggregate_gives(db):
    # A coordinator of no municipality: the figures are zero, not a server error.
    @compiled.compiled
    def nothing():
        return compiled.totals(
            Match.objects.filter(municipality__in=[]), n=Count("pk"), first=Min("start_date")
        )

    expected = Match.objects.filter(municipality__in=[]).aggregate(
        n=Count("pk"), first=Min("start_date")
    )
    assert nothing() == [(expected["n"], expected["first"])] == [(0, None)]
    empty = Period(D(2026, 1, 1), D(2026, 7, 1), municipality_ids=frozenset(), today=TODAY)
    assert aggregates.figures(empty)["active_groups"] == 0
