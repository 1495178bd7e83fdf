"""Erasure leaves nothing of the person, and the audit log never held any part of a value.

Long, unique strings are planted in every personal field of a household, its members,
its account and its year (notes, goals, check-ins, end note, decisions, activity
descriptions, notifications that name it); some are edited through the admin and the
services, so the audit log and the admin's history have entries about them. After the
erasure, every text and JSON column of every table is scanned for each string, and for
each half of it (a half-masked copy must not survive either).
"""

import datetime
import json
import secrets
import string

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminHistory
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from matching.models import (
    CheckIn,
    Match,
    MatchStatusChange,
    Proposal,
    ProposalRound,
    TrajectoryPulse,
    Veto,
)
from matching.selectors.summaries import differences
from matching.services.activities import activity_log_save
from matching.services.year import check_in_record, milestone_evaluate, trajectory_goal_save
from refugees.models import Consent, HouseholdGoal, HouseholdMember, Refugee
from samenhier.privacy import household_erase
from samenhier.roles import Role
from samenhier.services import notify

from ..factories import UserFactory, active_trajectory, life_domain


def sentinel(kind: str) -> str:
    letters = "".join(secrets.choice(string.ascii_uppercase) for _ in range(24))
    return f"SENTINEL-{kind}-{letters}"


def halves(value: str) -> list[str]:
    middle = len(value) // 2
    return [value, value[:middle], value[middle:]]


def hits(text: str) -> list[str]:
    """Every table whose text or JSON columns hold `text` (case-insensitive)."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        condition = models.Q()
        for name in fields:
            condition |= models.Q(**{f"{name}__icontains": text})
        if model._base_manager.filter(condition).exists():
            found.append(model._meta.label)
    return found


@pytest.fixture
def planted(municipality, coordinator, client):
    marks = {}

    def mark(kind):
        marks[kind] = sentinel(kind)
        return marks[kind]

    trajectory = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=60)
    )
    match = trajectory.match
    refugee = Refugee.objects.get(pk=match.refugee_id)
    account = UserFactory(
        role=Role.REFUGEE,
        email=f"{mark('EMAIL').lower()}@example.org",
        first_name=mark("ACCOUNT"),
        last_name=mark("ACCOUNTLAST"),
    )
    refugee.phone = mark("PHONE")[-30:]  # the field holds 30 characters
    for field in (
        "first_name",
        "last_name",
        "country_of_origin",
        "residence_status",
        "health_notes",
        "coordinator_notes",
        "shared_with_group",
    ):
        setattr(refugee, field, mark(field.upper()))
    refugee.email = f"{mark('HHEMAIL').lower()}@example.org"
    refugee.user = account
    refugee.save()
    # Edited again, so the audit log holds an update entry for each field.
    for field in ("health_notes", "coordinator_notes", "last_name"):
        setattr(refugee, field, mark(field.upper() + "2"))
    refugee.save()
    member = HouseholdMember.objects.create(
        refugee=refugee, first_name=mark("CHILD"), relation="child", birth_year=2019
    )
    member.first_name = mark("CHILD2")
    member.save()
    goal = HouseholdGoal.objects.create(
        refugee=refugee, life_domain=life_domain("housing"), description=mark("GOAL")
    )
    goal.description = mark("GOAL2")
    goal.save()
    Consent.objects.create(refugee=refugee, subject=Consent.Subject.SHARE_HEALTH)
    membership = match.group.memberships.first()
    milestone = trajectory.milestones.get(kind="introduction")
    milestone_evaluate(milestone=milestone, by=membership.user, notes=mark("EVALUATION"))
    trajectory_goal_save(
        trajectory=trajectory,
        by=membership.user,
        life_domain=life_domain("work"),
        description=mark("PLANGOAL"),
        status="open",
    )
    for text in (mark("CHECKIN"), mark("CHECKIN2")):  # answered, then answered again
        check_in_record(
            trajectory=trajectory,
            milestone="introduction",
            by=account,
            score=2,
            helps=text,
            missing=mark("MISSING"),
        )
    activity_log_save(
        trajectory=trajectory,
        by=membership.user,
        date=timezone.localdate() - datetime.timedelta(days=5),
        hours=2,
        life_domains=[life_domain("language")],
        members_present=[membership],
        description=mark("ACTIVITY"),
    )
    Match.objects.filter(pk=match.pk).update(end_note=mark("ENDNOTE"))
    MatchStatusChange.objects.filter(match=match).update(note=mark("MATCHNOTE"))
    refugee.status_changes.update(note=mark("HOUSEHOLDNOTE"))
    round_ = ProposalRound.objects.create(municipality=municipality)
    Proposal.objects.create(
        round=round_, refugee=refugee, group=match.group, score=1, decision_note=mark("DECISION")
    )
    Veto.objects.create(refugee=refugee, group=match.group, reason=mark("VETO"), by=coordinator)
    notify(
        recipient=membership.user,
        key=f"milestone-due:{milestone.pk}",
        message="Kennismaking met %(name)s",
        params={"name": refugee.first_name},
        household=refugee.pk,
    )
    # The admin's own history labels a record by its name.
    AdminHistory.objects.log_actions(
        coordinator.pk, [refugee, Match.objects.get(pk=match.pk)], CHANGE, change_message="[]"
    )
    assert AdminHistory.objects.filter(object_repr__contains=marks["FIRST_NAME"]).exists()
    client.force_login(coordinator)
    assert (
        client.get(reverse("admin:refugees_refugee_change", args=[refugee.pk])).status_code == 200
    )
    return refugee, marks


def test_the_audit_log_never_holds_any_part_of_a_personal_value(planted):
    refugee, marks = planted
    entries = LogEntry.objects.all()
    assert entries.filter(object_pk=str(refugee.pk)).exists()  # changes were audited
    dump = json.dumps([[e.changes, e.changes_text, e.object_repr] for e in entries])
    leaked = [kind for kind, value in marks.items() for part in halves(value) if part in dump]
    assert leaked == []
    # Labels name the kind of record and its key, never the person.
    assert {e.object_repr.split(" ")[0] for e in entries} <= {
        "gebruiker",
        "huishouden",
        "gezinslid",
        "doel",
        "toestemming",
        "koppeling",
        "groepslid",
        "check-in",
    }


def test_erasure_leaves_no_trace_of_any_planted_value(planted, administrator):
    refugee, marks = planted
    assert hits(marks["HEALTH_NOTES2"])  # guard: the scan finds what is there
    household_erase(refugee_code=refugee.pk, by=administrator)
    left = {
        kind: found
        for kind, value in marks.items()
        for part in halves(value)
        if (found := hits(part))
    }
    assert left == {}


def test_an_erased_answer_no_longer_raises_a_signal(planted, administrator):
    """The follow-up board reads the year's pulse: erasing the check-ins remakes it."""
    refugee, _marks = planted
    pulse = TrajectoryPulse.objects.get(trajectory__match__refugee=refugee)
    assert pulse.check_in_score == 2  # the low answer, before
    household_erase(refugee_code=refugee.pk, by=administrator)
    pulse.refresh_from_db()
    assert pulse.check_in_score is None
    assert differences()[1] == 0


def test_the_scan_would_find_a_value_the_audit_log_recorded_during_the_erasure(
    planted, administrator
):
    """The proof above can fail: had the audit log recorded the deleted check-in's answer
    while the erasure ran, in whichever of its columns, the scan would find it, and each
    half of it."""
    refugee, marks = planted
    household_erase(refugee_code=refugee.pk, by=administrator)
    answer = marks["CHECKIN2"]
    assert hits(answer) == []
    recorded = {
        "changes": {"helps": [answer, "None"]},
        "object_repr": f"check-in {answer}",
        "serialized_data": {"model": "matching.checkin", "fields": {"helps": answer}},
        "additional_data": {"helps": answer},
    }
    for column, value in recorded.items():
        entry = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(CheckIn),
            object_pk="1",
            action=LogEntry.Action.DELETE,
        )
        # Written past the save (whose signal relabels object_repr), as a leak would be.
        LogEntry.objects.filter(pk=entry.pk).update(**{column: value})
        found = {part: "auditlog.LogEntry" in hits(part) for part in halves(answer)}
        assert found == dict.fromkeys(halves(answer), True), column
        entry.delete()
