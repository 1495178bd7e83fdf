"""Reminders fire once, and only when due (time frozen with time-machine)."""

import datetime

import pytest
import time_machine
from django.core import mail

from matching.services.matches import match_propose
from matching.services.reminders import (
    confirmation_reminders,
    milestone_reminders,
    overdue_reminders,
    reminders_send,
)
from matching.services.reminders import quiet_reminders as quiet_reminders_send
from samenhier.models import Notification
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    UserFactory,
    active_trajectory,
    ready_group,
    ready_refugee,
)

START = datetime.date(2026, 3, 2)


@pytest.fixture
def trajectory(municipality):
    t = active_trajectory(municipality=municipality, start=START)
    t.match.group.community_builder = UserFactory(role="community_builder")
    t.match.group.save()
    return t


def run(job, when, capture):
    with (
        time_machine.travel(datetime.datetime.combine(when, datetime.time(9)), tick=False),
        capture(execute=True),
    ):
        return job(today=when) if job is not confirmation_reminders else job()


def test_it_reminds_of_a_milestone_due_within_7_days_once(
    trajectory, django_capture_on_commit_callbacks
):
    # The 3-month check-in is due on 2 June; 8 days before, nothing; 7 days before, a reminder.
    assert (
        run(milestone_reminders, datetime.date(2026, 5, 25), django_capture_on_commit_callbacks)
        == 0
    )
    sent = run(milestone_reminders, datetime.date(2026, 5, 26), django_capture_on_commit_callbacks)
    people = trajectory.match.group.memberships.count() + 1  # members and community builder
    assert sent == people
    assert len(mail.outbox) == people
    assert "Tussenevaluatie (3 maanden)" in mail.outbox[0].body
    # Running again (even the next day) sends nothing twice.
    assert (
        run(milestone_reminders, datetime.date(2026, 5, 27), django_capture_on_commit_callbacks)
        == 0
    )
    assert len(mail.outbox) == people
    assert Notification.objects.filter(key__startswith="milestone-due:").count() == people


def test_it_does_not_remind_of_a_completed_milestone(
    trajectory, django_capture_on_commit_callbacks
):
    trajectory.milestones.filter(kind="check_in").update(completed_on=START)
    assert (
        run(milestone_reminders, datetime.date(2026, 5, 28), django_capture_on_commit_callbacks)
        == 0
    )


def test_it_reminds_of_a_quiet_trajectory_once_per_quiet_spell(
    trajectory, django_capture_on_commit_callbacks
):
    ActivityLogFactory(trajectory=trajectory, date=datetime.date(2026, 4, 1))
    assert (
        run(quiet_reminders_send, datetime.date(2026, 4, 21), django_capture_on_commit_callbacks)
        == 0
    )
    assert (
        run(quiet_reminders_send, datetime.date(2026, 4, 22), django_capture_on_commit_callbacks)
        == 2
    )
    assert (
        run(quiet_reminders_send, datetime.date(2026, 4, 30), django_capture_on_commit_callbacks)
        == 0
    )
    # New activity, then quiet again: a new spell, a new reminder.
    ActivityLogFactory(trajectory=trajectory, date=datetime.date(2026, 5, 1))
    assert (
        run(quiet_reminders_send, datetime.date(2026, 5, 23), django_capture_on_commit_callbacks)
        == 2
    )
    assert len(mail.outbox) == 4


def test_it_reminds_both_sides_of_a_pending_confirmation_once(
    municipality, coordinator, django_capture_on_commit_callbacks
):
    group = ready_group(municipality=municipality)
    match_propose(refugee=ready_refugee(municipality=municipality), group=group, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        # The contact was asked when the match was proposed: the reminder is the same
        # subject, so only the coordinator is told now.
        assert confirmation_reminders() == 1
        assert confirmation_reminders() == 0
    contact = group.memberships.get(is_contact=True).user
    assert {n.recipient for n in Notification.objects.all()} == {contact, coordinator}
    assert Notification.objects.filter(recipient=contact).count() == 1


def test_notifications_appear_in_the_app(client, trajectory, django_capture_on_commit_callbacks):
    run(milestone_reminders, datetime.date(2026, 5, 26), django_capture_on_commit_callbacks)
    member = trajectory.match.group.memberships.first().user
    client.force_login(member)
    page = client.get("/meldingen/").content.decode()
    assert "staat gepland voor 02-06-2026" in page
    client.post("/meldingen/")
    assert not member.notifications.filter(read_at=None).exists()


def overdue(user):
    return Notification.objects.filter(recipient=user, key__startswith="milestone-overdue:")


def test_it_tells_members_builder_and_coordinators_of_an_overdue_milestone_once(
    trajectory, coordinator, other_city_coordinator, django_capture_on_commit_callbacks
):
    # The introduction (week 1) was due on 9 March; on the 9th it is not late yet.
    assert (
        run(overdue_reminders, datetime.date(2026, 3, 9), django_capture_on_commit_callbacks) == 0
    )
    members = [m.user for m in trajectory.match.group.memberships.all()]
    builder = trajectory.match.group.community_builder
    sent = run(overdue_reminders, datetime.date(2026, 3, 10), django_capture_on_commit_callbacks)
    assert sent == len(members) + 2  # the members, the community builder, the coordinator
    for person in [*members, builder, coordinator]:
        assert overdue(person).count() == 1
    assert not overdue(other_city_coordinator).exists()
    assert "Kennismaking" in overdue(coordinator).get().text_nl
    # Staff open the year's page, members their group's own page.
    assert overdue(coordinator).get().url == f"/traject/{trajectory.code}/"
    assert overdue(members[0]).get().url == f"/mijn-groep/{trajectory.match.group_id}/"
    # The next day, nothing twice.
    assert (
        run(overdue_reminders, datetime.date(2026, 3, 11), django_capture_on_commit_callbacks) == 0
    )
    assert len(mail.outbox) == sent
    assert f"/traject/{trajectory.code}/" in mail.outbox[-1].body


def test_it_does_not_call_an_evaluated_milestone_overdue(
    trajectory, coordinator, django_capture_on_commit_callbacks
):
    trajectory.milestones.filter(kind="introduction").update(completed_on=START)
    assert (
        run(overdue_reminders, datetime.date(2026, 3, 20), django_capture_on_commit_callbacks) == 0
    )


def test_the_periodic_job_includes_the_overdue_milestones(
    trajectory, django_capture_on_commit_callbacks
):
    run(reminders_send, datetime.date(2026, 3, 20), django_capture_on_commit_callbacks)
    builder = trajectory.match.group.community_builder
    assert overdue(builder).count() == 1
    assert Role.COMMUNITY_BUILDER in builder.roles
