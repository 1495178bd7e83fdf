"""Who is told what when something happens, once per subject, in the app and by e-mail.

Written from the programme's rules: the group never hears about a check-in, a
household never about another household, and every message links to the page where
the person can act.
"""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from groups.services import membership_invite
from matching.models import Match, Proposal, ProposalRound
from matching.services.matches import (
    match_confirm_by_group,
    match_propose,
    match_transition,
)
from matching.services.reminders import confirmation_reminders
from matching.services.rounds import proposal_accept
from matching.services.year import check_in_record
from samenhier.demo.words import DEMO_LOGINS
from samenhier.models import Notification, User
from samenhier.roles import Role
from samenhier.services import user_invite

from ..factories import (
    PASSWORD,
    MatchFactory,
    UserFactory,
    active_trajectory,
    ready_group,
    ready_refugee,
)

SENTINEL = "SENTINEL-CHECKIN-qhzvkwpxmrtlbnydcjsgfaue"


def told(user, prefix: str):
    return Notification.objects.filter(recipient=user, key__startswith=prefix)


def mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def pair(municipality):
    """A household and a group, both ready, in Den Haag."""
    return ready_refugee(municipality=municipality), ready_group(municipality=municipality)


@pytest.fixture
def trajectory(municipality, community_builder):
    group = ready_group(municipality=municipality)
    group.community_builder = community_builder
    group.save(update_fields=["community_builder"])
    return active_trajectory(municipality=municipality, group=group)


def members_of(group):
    return [m.user for m in group.memberships.all()]


# -- a proposal accepted: the group's contact person is asked to confirm -------------------


def test_it_asks_the_contact_person_to_confirm_an_accepted_proposal(
    pair, coordinator, django_capture_on_commit_callbacks
):
    refugee, group = pair
    round_ = ProposalRound.objects.create(municipality=refugee.municipality, run_by=coordinator)
    proposal = Proposal.objects.create(round=round_, refugee=refugee, group=group, score=0.8)
    with django_capture_on_commit_callbacks(execute=True):
        match = proposal_accept(proposal=proposal, by=coordinator)
    contact = group.memberships.get(is_contact=True).user
    notice = told(contact, "confirm-group:").get()
    assert notice.url == reverse("matching:portal", args=[group.pk])
    assert refugee.first_name in notice.text_nl
    others = [m.user for m in group.memberships.filter(is_contact=False)]
    assert not Notification.objects.filter(recipient__in=[*others, coordinator]).exists()
    assert len(mail_to(contact)) == 1
    assert f"/mijn-groep/{group.pk}/" in mail_to(contact)[0].body
    # The hourly reminder is the same subject: the contact is not asked twice.
    with django_capture_on_commit_callbacks(execute=True):
        confirmation_reminders()
    assert told(contact, "").count() == 1
    assert match.status == Match.Status.PROPOSED


# -- the group confirmed: the coordinators of the municipality -----------------------------


def test_it_tells_the_coordinators_when_the_group_confirms(
    pair, coordinator, other_city_coordinator, django_capture_on_commit_callbacks
):
    refugee, group = pair
    match = match_propose(refugee=refugee, group=group, by=coordinator)
    contact = group.memberships.get(is_contact=True).user
    with django_capture_on_commit_callbacks(execute=True):
        match_confirm_by_group(match=match, by=contact)
    notice = told(coordinator, "group-confirmed:").get()
    assert notice.url == reverse("matching:match", args=[match.pk])
    assert group.name in notice.text_nl
    assert not told(other_city_coordinator, "").exists()
    assert not told(contact, "group-confirmed:").exists()
    body = mail_to(coordinator)[0].body
    assert f"/koppelingen/{match.pk}/" in body


# -- the year started: the members and the household itself -------------------------------


def test_it_tells_the_members_and_the_household_when_the_year_starts(
    pair, coordinator, community_builder, django_capture_on_commit_callbacks
):
    refugee, group = pair
    household = UserFactory(role=Role.REFUGEE)
    refugee.user = household
    refugee.save(update_fields=["user"])
    other = ready_refugee(municipality=refugee.municipality)
    other.user = UserFactory(role=Role.REFUGEE)
    other.save(update_fields=["user"])
    match = MatchFactory(refugee=refugee, group=group, status=Match.Status.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        match_transition(
            match=match, to=Match.Status.ACTIVE, by=coordinator, on=datetime.date(2026, 3, 2)
        )
    for member in members_of(group):
        notice = told(member, "match-started:").get()
        assert notice.url == reverse("matching:portal", args=[group.pk])
        assert "02-03-2026" in notice.text_nl
    notice = told(household, "match-started:").get()
    assert notice.url == reverse("home")
    assert group.name in notice.text_nl
    # Another household, the coordinator who started it and the builder: nothing.
    for person in (other.user, coordinator, community_builder):
        assert not told(person, "").exists()
    assert len(mail.outbox) == len(members_of(group)) + 1


def test_it_tells_each_once_even_if_the_start_is_told_again(trajectory):
    from matching.services.reminders import notify_match_started

    assert notify_match_started(trajectory.match) == 0
    assert told(members_of(trajectory.match.group)[0], "match-started:").count() == 1


# -- a low check-in: the builder and the coordinators, never the group --------------------


def test_a_low_check_in_goes_to_the_builder_and_coordinators_only(
    trajectory,
    coordinator,
    other_city_coordinator,
    community_builder,
    django_capture_on_commit_callbacks,
):
    household = UserFactory(role=Role.REFUGEE)
    with django_capture_on_commit_callbacks(execute=True):
        check_in_record(
            trajectory=trajectory,
            milestone="introduction",
            by=household,
            score=2,
            helps=SENTINEL,
            missing=SENTINEL,
        )
    for person in (coordinator, community_builder):
        notice = told(person, "check-in-low:").get()
        assert notice.url == reverse("matching:trajectory", args=[trajectory.code])
        assert SENTINEL not in notice.text_nl + notice.text_en
    for member in members_of(trajectory.match.group):
        assert not told(member, "check-in-low:").exists()
    assert not told(other_city_coordinator, "").exists()
    assert mail.outbox
    assert all(SENTINEL not in m.body + m.subject for m in mail.outbox)
    assert {m.to[0] for m in mail.outbox} == {coordinator.email, community_builder.email}
    # Answering again, still low: the same subject, nobody told twice.
    check_in_record(
        trajectory=trajectory, milestone="introduction", by=household, score=1, helps="", missing=""
    )
    assert told(coordinator, "check-in-low:").count() == 1


def test_a_good_check_in_tells_nobody(trajectory, coordinator):
    check_in_record(
        trajectory=trajectory,
        milestone="introduction",
        by=UserFactory(role=Role.REFUGEE),
        score=4,
        helps="",
        missing="",
    )
    assert not Notification.objects.filter(key__startswith="check-in-low:").exists()


# -- an invitation accepted: the person who invited (and the new person) ------------------


def test_it_tells_the_inviter_when_an_invitation_is_accepted(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _invitation = user_invite(
            email="nina@example.org",
            first_name="Nina",
            last_name="Nieuw",
            role=Role.COMMUNITY_BUILDER,
            by=coordinator,
        )
    link = re.search(r"https?://\S+(/uitnodiging/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    notice = told(coordinator, "invitation-accepted:").get()
    assert notice.url == reverse("invite")
    assert "community builder" in notice.text_nl
    assert told(user, "role-granted:").count() == 1
    assert len(mail_to(coordinator)) == 1
    assert "/uitnodigen/" in mail_to(coordinator)[0].body


# -- the invitation of a group member names the group --------------------------------------


def test_the_invitation_of_a_member_names_the_group(
    group, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership_invite(
            group=group, email="nel@example.org", first_name="Nel", last_name="Lid", by=coordinator
        )
    assert f"als groepslid van {group.name}." in mail.outbox[0].body


# -- the demo: every demo account has been told something from the start ------------------


def test_every_demo_account_has_a_notification_after_seeding(db):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO(), production_ok=True)
    for _role, email, _first, _last in DEMO_LOGINS:
        assert User.objects.get(email=email).notifications.exists(), email
    # The demo's addresses are made up: nothing is left for the sweeper to mail.
    assert not Notification.objects.filter(emailed_at=None).exists()
    # Seeding again tells nobody anything twice.
    before = Notification.objects.count()
    call_command("seed_demo", "--quiet-logins", stdout=StringIO(), production_ok=True)
    assert Notification.objects.count() == before


def test_the_demo_group_member_never_hears_of_a_check_in(db):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO(), production_ok=True)
    members = User.objects.filter(groups__name=Role.GROUP_MEMBER)
    assert not Notification.objects.filter(
        recipient__in=members, key__startswith="check-in-low:"
    ).exists()
    assert Notification.objects.filter(key__startswith="check-in-low:").exists()


def test_a_long_message_becomes_a_subject_cut_after_a_whole_word():
    from samenhier.services import SUBJECT_LENGTH, email_subject

    short = "Je jaar met Welkomgroep Den Haag 3 is begonnen op 01-12-2026."
    assert email_subject(short) == short
    long = (
        "Kennismaking met de groep met Mohammed-Abdulrahman staat gepland voor 08-12-2026 "
        "en is nog niet ingevuld."
    )
    subject = email_subject(long)
    assert len(subject) <= SUBJECT_LENGTH
    assert subject.endswith("…")
    # Every word in it is a whole word of the message.
    assert all(word in long.split() for word in subject.removesuffix("…").split())
    assert email_subject("x" * 200) == "x" * (SUBJECT_LENGTH - 1) + "…"
