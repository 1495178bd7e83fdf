"""The figures' summaries stay equal to the raw rows through every write of the services:
logs written, edited and deleted at random, scores recorded, milestones evaluated and
check-ins answered (the year's pulse), checked after each step."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from groups.models import Membership
from impact.aggregates import Period, figures
from matching.models import ActivityLog
from matching.selectors.summaries import differences
from matching.services.activities import activity_log_delete, activity_log_save
from matching.services.year import milestone_evaluate, self_reliance_record
from samenhier.models import LifeDomain

from ..factories import MunicipalityFactory, active_trajectory, answer_check_in
from ..impact.reference import reference_figures

TODAY = datetime.date.today()
DOMAINS = ["language", "work", "education", "social"]
KINDS = ["employer", "school", "club"]


def write(trajectory, *, day, hours, members, domains, intros, activity=None):
    members_all = list(trajectory.match.group.memberships.order_by("pk"))
    return activity_log_save(
        trajectory=trajectory,
        by=members_all[0].user,
        date=trajectory.match.start_date + datetime.timedelta(days=day),
        hours=Decimal(hours),
        life_domains=list(LifeDomain.objects.filter(key__in=domains)),
        members_present=[members_all[i % len(members_all)] for i in members],
        introductions={kind: 1 for kind in intros},
        activity=activity,
    )


log_args = st.fixed_dictionaries(
    {
        "day": st.integers(0, 80),
        "hours": st.sampled_from(["0.5", "1", "1.5", "2", "3.25"]),
        "members": st.sets(st.integers(0, 2), min_size=1),
        "domains": st.sets(st.sampled_from(DOMAINS), min_size=1),
        "intros": st.sets(st.sampled_from(KINDS)),
    }
)


class SummariesFollowEveryWrite(RuleBasedStateMachine):
    """Two years in two cities (one group member in both: a person counted once)."""

    @initialize()
    def years(self):
        start = TODAY - datetime.timedelta(days=90)
        self.years = [
            active_trajectory(municipality=MunicipalityFactory(name=name), start=start)
            for name in ("Den Haag", "Utrecht")
        ]
        first = self.years[0].match.group.memberships.order_by("pk").first()
        Membership.objects.create(group=self.years[1].match.group, user=first.user)
        self.logs: list[ActivityLog] = []

    @rule(which=st.integers(0, 1), args=log_args)
    def log(self, which, args):
        self.logs.append(write(self.years[which], **args))

    @rule(index=st.integers(0, 50), args=log_args)
    def edit(self, index, args):
        if self.logs:
            log = self.logs[index % len(self.logs)]
            trajectory = self.years[0] if log.trajectory_id == self.years[0].pk else self.years[1]
            write(trajectory, activity=log, **args)

    @rule(index=st.integers(0, 50))
    def delete(self, index):
        if self.logs:
            log = self.logs.pop(index % len(self.logs))
            activity_log_delete(activity=log, by=None)

    @rule(
        which=st.integers(0, 1),
        domain=st.sampled_from(DOMAINS),
        moment=st.sampled_from(["introduction", "final"]),
        score=st.integers(1, 5),
    )
    def score(self, which, domain, moment, score):
        self_reliance_record(
            trajectory=self.years[which],
            life_domain=LifeDomain.objects.get(key=domain),
            moment=moment,
            score=score,
        )

    @rule(which=st.integers(0, 1), kind=st.sampled_from(["introduction", "check_in", "midterm"]))
    def evaluate(self, which, kind):
        year = self.years[which]
        milestone_evaluate(
            milestone=year.milestones.get(kind=kind),
            by=year.match.group.memberships.first().user,
            notes="Het ging goed.",
            exit_plan="Minder vaak langs.",
        )

    @rule(
        which=st.integers(0, 1),
        milestone=st.sampled_from(["introduction", "check_in", "midterm"]),
        score=st.integers(1, 5),
    )
    def check_in(self, which, milestone, score):
        answer_check_in(self.years[which], milestone, score)

    @invariant()
    def summaries_equal_the_raw_rows(self):
        if hasattr(self, "logs"):
            rows, differing = differences()
            assert differing == 0, f"{differing} of {rows} summary rows differ"


def test_the_summaries_follow_every_write(db):
    run_state_machine_as_test(
        SummariesFollowEveryWrite,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


@pytest.mark.django_db
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    logs=st.lists(st.tuples(st.integers(0, 1), log_args), min_size=1, max_size=8),
    window=st.tuples(st.integers(-100, 10), st.integers(1, 120)),
)
def test_figures_from_the_services_summaries_equal_the_reference(logs, window):
    start = TODAY - datetime.timedelta(days=90)
    years = [
        active_trajectory(municipality=MunicipalityFactory(name=name), start=start)
        for name in ("Den Haag", "Utrecht")
    ]
    for which, args in logs:
        write(years[which], **args)
    begin = TODAY + datetime.timedelta(days=window[0])
    period = Period(begin, begin + datetime.timedelta(days=window[1]), today=TODAY)
    assert figures(period) == reference_figures(period.start, period.end, TODAY)
    for place in {y.match.municipality_id for y in years}:
        scoped = Period(period.start, period.end, frozenset({place}), today=TODAY)
        assert figures(scoped) == reference_figures(
            period.start, period.end, TODAY, frozenset({place})
        )
