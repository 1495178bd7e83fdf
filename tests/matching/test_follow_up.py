"""After the year: a follow-up three months after a year ends (completed, or ended early
when the household agreed). The group tells whether the contact lasts and how, the
household answers a check-in of its own, both are reminded like any milestone, and the
"contact na het jaar" indicator counts the answers (docs/architecture.md, "Lifecycles").

The rules, from the programme: the follow-up is planned by the end of the year itself;
only the group of that year (and those who follow it) fills it in, and only once the year
is over; a group member sees nothing else of an ended year; the household alone answers
its check-in."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from impact import aggregates
from impact.aggregates import Period
from impact.report import build
from matching.models import CheckIn, Match, Milestone, SelfRelianceScore
from matching.services.matches import AfterEarlyEnd, match_transition, year_complete
from matching.services.reminders import check_in_reminders, milestone_reminders
from matching.services.year import milestone_evaluate
from refugees.models import Refugee
from samenhier.models import Notification
from samenhier.roles import Role

from ..factories import MembershipFactory, UserFactory, active_trajectory, life_domain
from ..helpers import refused

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        yield


def year_of(municipality, months_ago=12):
    return active_trajectory(
        municipality=municipality, start=TODAY - relativedelta(months=months_ago)
    )


def completed(municipality, coordinator, *, on=None):
    """A year of exactly twelve months, completed on `on` (a month ago by default)."""
    on = on or TODAY - relativedelta(months=1)
    trajectory = active_trajectory(municipality=municipality, start=on - relativedelta(years=1))
    year_complete(match=trajectory.match, by=coordinator, on=on)
    return trajectory


def follow_up(trajectory) -> Milestone:
    return trajectory.milestones.get(kind=Milestone.Kind.FOLLOW_UP)


def answer(milestone, by, contact):
    return milestone_evaluate(milestone=milestone, by=by, notes="We bellen nog.", contact=contact)


def test_completing_a_year_plans_its_follow_up_three_months_on(municipality, coordinator):
    trajectory = completed(municipality, coordinator, on=TODAY - relativedelta(months=1))
    assert follow_up(trajectory).due_date == TODAY - relativedelta(months=1) + relativedelta(
        months=3
    )


def test_an_early_end_plans_one_only_when_the_household_agrees(municipality, coordinator):
    agreed, declined = year_of(municipality, 5), year_of(municipality, 5)
    ended = TODAY - datetime.timedelta(days=10)
    for trajectory, wants in ((agreed, True), (declined, False)):
        match_transition(
            match=trajectory.match,
            to=Match.Status.ENDED_EARLY,
            by=coordinator,
            on=ended,
            end_reason="mismatch",
            after=AfterEarlyEnd(follow_up=wants),
        )
    assert follow_up(agreed).due_date == ended + relativedelta(months=3)
    assert not declined.milestones.filter(kind=Milestone.Kind.FOLLOW_UP).exists()


def test_the_end_early_page_asks_whether_the_household_wants_a_follow_up(
    client, municipality, coordinator
):
    trajectory = year_of(municipality, 5)
    client.force_login(coordinator)
    page = client.get(reverse("matching:end_early", args=[trajectory.match.code]))
    assert "Het huishouden wil over drie maanden een opvolging" in page.content.decode()
    client.post(
        reverse("matching:end_early", args=[trajectory.match.code]),
        {
            "reason": "household_moved",
            "end_date": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "household_next": "stops",
            "group_next": "ready",
            "follow_up": "on",
        },
    )
    assert follow_up(trajectory).due_date == TODAY - datetime.timedelta(days=3) + relativedelta(
        months=3
    )


def test_the_group_tells_how_the_contact_goes_in_its_portal(client, municipality, coordinator):
    trajectory = completed(municipality, coordinator)
    member = trajectory.match.group.memberships.first().user
    client.force_login(member)
    portal = client.get(reverse("matching:portal", args=[trajectory.match.group_id]))
    evaluate = reverse("matching:evaluate", args=[trajectory.code, "follow_up"])
    assert evaluate in portal.content.decode()
    page = client.get(evaluate)
    assert page.status_code == 200
    assert "Is er nog contact met het huishouden?" in page.content.decode()
    response = client.post(
        evaluate,
        {
            "contact": "messages",
            "notes": "We appen elke week.",
            "score_language": "4",
        },
    )
    assert response.status_code == 302
    milestone = follow_up(trajectory)
    assert (milestone.contact, milestone.completed_by) == ("messages", member)
    # Self-reliance can be read from the introduction to the final to the follow-up.
    assert SelfRelianceScore.objects.get(
        trajectory=trajectory, moment=SelfRelianceScore.Moment.FOLLOW_UP
    ).life_domain == life_domain("language")


def test_the_follow_up_needs_an_answer_about_the_contact(client, municipality, coordinator):
    trajectory = completed(municipality, coordinator)
    with refused("contact_required"):
        milestone_evaluate(milestone=follow_up(trajectory), by=coordinator, notes="Gebeld.")
    client.force_login(trajectory.match.group.memberships.first().user)
    response = client.post(
        reverse("matching:evaluate", args=[trajectory.code, "follow_up"]), {"notes": "Ja."}
    )
    assert response.status_code == 200  # the form again, with its message
    assert follow_up(trajectory).completed_on is None


def test_a_follow_up_waits_until_the_year_is_over(municipality, coordinator):
    trajectory = year_of(municipality, 6)
    early = trajectory.milestones.create(kind=Milestone.Kind.FOLLOW_UP, due_date=TODAY)
    with refused("year_not_ended"):
        answer(early, coordinator, "meeting")


def test_other_groups_and_roles_cannot_fill_it_in(
    client, municipality, other_group_member, coordinator, staff, refugee_user
):
    trajectory = completed(municipality, coordinator)
    evaluate = reverse("matching:evaluate", args=[trajectory.code, "follow_up"])
    for user in (other_group_member, staff, refugee_user):
        client.force_login(user)
        response = client.post(evaluate, {"contact": "none", "notes": "Niets."})
        assert response.status_code in (403, 404), user
    assert follow_up(trajectory).completed_on is None


def test_a_member_sees_nothing_else_of_an_ended_year(client, municipality, coordinator):
    trajectory = completed(municipality, coordinator)
    client.force_login(trajectory.match.group.memberships.first().user)
    for kind in ("final", "midterm"):
        url = reverse("matching:evaluate", args=[trajectory.code, kind])
        assert client.get(url).status_code == 404
    assert client.get(reverse("matching:activity_list", args=[trajectory.code])).status_code == 404


def test_the_household_answers_its_own_check_in_after_the_year(client, municipality, coordinator):
    trajectory = completed(municipality, coordinator, on=TODAY - relativedelta(months=3))
    user = UserFactory(role=Role.REFUGEE)
    Refugee.objects.filter(pk=trajectory.match.refugee_id).update(user=user)
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    check_in = reverse("matching:check_in", args=[trajectory.code, "follow_up"])
    assert check_in in home
    response = client.post(check_in, {"score": "4", "helps": "De buren", "missing": ""})
    assert response.status_code == 302
    assert CheckIn.objects.get(trajectory=trajectory, milestone="follow_up").score == 4


def test_reminders_reach_the_group_and_the_household(municipality, coordinator):
    trajectory = completed(municipality, coordinator, on=TODAY - relativedelta(months=3))
    member = trajectory.match.group.memberships.first().user
    user = UserFactory(role=Role.REFUGEE)
    Refugee.objects.filter(pk=trajectory.match.refugee_id).update(user=user)
    # Due today: the week before it, the group and the household are told.
    assert milestone_reminders(TODAY) >= 1
    assert check_in_reminders(TODAY) == 1
    told = Notification.objects.get(recipient=member, key__startswith="milestone-due:")
    assert told.url == reverse("matching:evaluate", args=[trajectory.code, "follow_up"])
    assert Notification.objects.filter(recipient=user, key__startswith="check-in-due:").exists()
    # Run again: nobody is told twice.
    assert milestone_reminders(TODAY) == 0
    assert check_in_reminders(TODAY) == 0


def test_contact_after_the_year_by_hand(municipality, coordinator, other_municipality):
    ended = TODAY - relativedelta(months=4)
    # Four completed years with their follow-up answered, one ended early (never counted),
    # one completed without an answer yet (not counted), one in another city.
    answers = ("meeting", "messages", "none", "occasionally")
    years = []
    for contact in answers:
        trajectory = completed(municipality, coordinator, on=ended)
        Match.objects.filter(pk=trajectory.match_id).update(persons=2)
        answer(follow_up(trajectory), coordinator, contact)
        years.append(trajectory)
    unanswered = completed(municipality, coordinator, on=ended)
    early = year_of(municipality, 6)
    match_transition(
        match=early.match,
        to=Match.Status.ENDED_EARLY,
        by=coordinator,
        on=ended,
        end_reason="mismatch",
        after=AfterEarlyEnd(follow_up=True),
    )
    answer(follow_up(early), coordinator, "meeting")
    elsewhere = completed(other_municipality, UserFactory(role=Role.ADMINISTRATOR), on=ended)
    Match.objects.filter(pk=elsewhere.match_id).update(persons=1)
    answer(follow_up(elsewhere), coordinator, "none")
    period = Period(TODAY - relativedelta(years=1), TODAY + datetime.timedelta(days=1))
    here = Period(period.start, period.end, municipality_ids=frozenset({municipality.pk}))
    # Here: 3 of the 4 answered completed years keep in touch = 75.0 %, resting on 8 persons.
    assert aggregates.contact_after_year(here) == {
        "share": 75.0,
        "years": 4,
        "continuing": 3,
        "persons": 8,
    }
    # Everywhere: 3 of 5 = 60.0 %.
    assert aggregates.contact_after_year(period)["share"] == 60.0
    assert Match.objects.get(pk=unanswered.match_id).status == Match.Status.COMPLETED
    # A year that ended before the period does not count.
    later = Period(TODAY - relativedelta(months=3), TODAY + datetime.timedelta(days=1))
    assert aggregates.contact_after_year(later)["years"] == 0
    # On the handprint as a cell: 8 persons here, so shown; per municipality too.
    report = build(here)
    assert str(report.cell("contact_after_year")) == "75,0"
    per_place = aggregates.contact_after_year(period, per_place=True)
    assert per_place[municipality.pk]["share"] == 75.0
    assert per_place[other_municipality.pk]["persons"] == 1


def test_a_share_resting_on_fewer_than_5_persons_is_hidden(municipality, coordinator):
    trajectory = completed(municipality, coordinator, on=TODAY - relativedelta(months=4))
    answer(follow_up(trajectory), coordinator, "meeting")
    report = build(Period(TODAY - relativedelta(years=1), TODAY + datetime.timedelta(days=1)))
    assert report.figures["contact_after_year"]["share"] == 100.0
    assert str(report.cell("contact_after_year")) == "<5"


def test_only_the_household_of_the_year_reads_its_follow_up_questions(
    client, municipality, coordinator
):
    trajectory = completed(municipality, coordinator)
    other = MembershipFactory(group=trajectory.match.group).user
    client.force_login(other)
    response = client.post(
        reverse("matching:check_in", args=[trajectory.code, "follow_up"]), {"score": "1"}
    )
    assert response.status_code in (403, 404)
    assert not CheckIn.objects.exists()
