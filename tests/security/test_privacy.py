"""AVG/GDPR rights: confidentiality, audit, access log, retention, access and erasure."""

import datetime
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from groups.services import CONFIDENTIALITY_VERSION
from impact.aggregates import Period, figures
from matching.models import CheckIn, Match
from matching.retention import retention_run
from refugees.models import Refugee
from samenhier.models import AccessLog, User
from samenhier.privacy import household_data, household_erase
from samenhier.roles import Role

from ..factories import (
    ActivityLogFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    UserFactory,
    active_trajectory,
    set_present,
)

NAME = "Xyzzyfictiefnaam"


@pytest.fixture
def household(municipality, coordinator):
    """A household with an account, a member, consent, a year with notes and check-ins."""
    t = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=400)
    )
    refugee = Refugee.objects.get(pk=t.match.refugee_id)
    refugee.first_name = refugee.last_name = NAME
    refugee.health_notes = f"{NAME} heeft astma"
    refugee.coordinator_notes = f"Notitie over {NAME}"
    refugee.email = f"{NAME.lower()}@example.org"
    refugee.user = UserFactory(
        role=Role.REFUGEE, email=f"{NAME.lower()}@example.org", first_name=NAME
    )
    refugee.save()  # audited: the audit log now holds (masked) values
    HouseholdMemberFactory(refugee=refugee, first_name=NAME + "junior")
    CheckIn.objects.create(
        trajectory=t, milestone="introduction", score=3, missing=f"{NAME} mist werk"
    )
    t.milestones.filter(kind="introduction").update(notes=f"Kennismaking met {NAME}")
    member = MembershipFactory(group=t.match.group)
    log = ActivityLogFactory(
        trajectory=t,
        description=f"Met {NAME} naar de markt",
        date=timezone.localdate() - datetime.timedelta(days=390),
    )
    set_present(log, [member])
    return refugee


def rows_naming(text: str) -> list[str]:
    """Every row in every table whose text (any char, text or JSON field) holds `text`."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields:
            continue
        condition = models.Q()
        for name in fields:
            condition |= models.Q(**{f"{name}__icontains": text})
        count = model._base_manager.filter(condition).count()
        if count:
            found.append(f"{model._meta.label}: {count}")
    return found


def test_the_audit_log_records_changes_with_the_values_masked(household):
    entries = LogEntry.objects.get_for_object(household)
    assert entries.exists()
    assert NAME not in json.dumps([e.changes for e in entries])


def test_erasure_leaves_no_row_that_names_the_person(household, administrator):
    assert rows_naming(NAME)  # before: the record, members, notes, audit...
    household_erase(refugee_code=household.pk, by=administrator)
    assert rows_naming(NAME) == []
    assert rows_naming(NAME.lower()) == []
    entry = AccessLog.objects.get(action="erasure")
    assert (entry.user, entry.object_code) == (administrator, str(household.pk))


def test_erasure_ends_the_households_account(household, client):
    user = household.user
    household_erase(refugee_code=household.pk)
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()


def test_erasure_keeps_every_impact_figure(household):
    period = Period(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))
    before = figures(period)
    household_erase(refugee_code=household.pk)
    assert figures(period) == before


def test_the_erase_command_needs_confirmation(household):
    with pytest.raises(Exception, match="--yes"):
        call_command("erase_household", str(household.pk))
    call_command("erase_household", str(household.pk), "--yes", stdout=StringIO())
    assert rows_naming(NAME) == []


def test_a_subject_access_export_holds_everything_on_the_household(household, administrator):
    data = household_data(refugee_code=household.pk, by=administrator)
    text = json.dumps(data, default=str)
    for expected in (
        f"{NAME} heeft astma",
        f"Notitie over {NAME}",
        f"{NAME} mist werk",
        f"Kennismaking met {NAME}",
        f"Met {NAME} naar de markt",
        NAME + "junior",
        "data_processing",
    ):
        assert expected in text
    assert AccessLog.objects.filter(action="subject_access", user=administrator).exists()


def test_the_subject_access_command_writes_json(household, tmp_path):
    target = tmp_path / "sar.json"
    call_command("subject_access", str(household.pk), "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text())["record"]["first_name"] == NAME


def test_the_admin_offers_both_rights_to_a_coordinator(client, coordinator, household):
    client.force_login(coordinator)
    url = reverse("admin:refugees_refugee_changelist")
    response = client.post(url, {"action": "subject_access", "_selected_action": [household.pk]})
    assert response["Content-Type"] == "application/json"
    confirm = client.post(url, {"action": "erase", "_selected_action": [household.pk]})
    assert "kan niet ongedaan" in confirm.content.decode()
    assert Refugee.objects.get(pk=household.pk).first_name == NAME
    client.post(url, {"action": "erase", "_selected_action": [household.pk], "confirm": "yes"})
    assert Refugee.objects.get(pk=household.pk).first_name == ""


def test_viewing_a_full_record_is_written_to_the_access_log(client, coordinator, household):
    client.force_login(coordinator)
    client.get(reverse("admin:refugees_refugee_change", args=[household.pk]))
    entry = AccessLog.objects.get(action="view")
    assert (entry.user, entry.object_type, entry.object_code) == (
        coordinator,
        "refugee",
        str(household.pk),
    )


def test_the_access_log_is_for_administrators_only(client, coordinator, administrator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:samenhier_accesslog_changelist")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("admin:samenhier_accesslog_changelist")).status_code == 200


def test_retention_erases_two_years_after_the_end_and_keeps_the_figures(municipality):
    t = active_trajectory(municipality=municipality, start=datetime.date(2022, 1, 10))
    from matching.services.matches import match_transition

    match_transition(
        match=t.match, to=Match.Status.COMPLETED, by=None, on=datetime.date(2023, 1, 10)
    )
    refugee_code = t.match.refugee_id
    Refugee.objects.filter(pk=refugee_code).update(first_name=NAME)
    period = Period(datetime.date(2021, 1, 1), datetime.date(2026, 1, 1))
    before = figures(period)
    assert retention_run(today=datetime.date(2025, 1, 9)) == 0  # 1 day short of 24 months
    assert retention_run(today=datetime.date(2025, 1, 10)) == 1
    assert retention_run(today=datetime.date(2025, 1, 10)) == 0  # idempotent
    assert Refugee.objects.get(pk=refugee_code).first_name == ""
    assert figures(period) == before
    assert AccessLog.objects.filter(action="retention").count() == 1


def test_a_volunteer_accepts_the_confidentiality_statement_before_seeing_the_household(
    client, municipality
):
    t = active_trajectory(municipality=municipality)
    membership = t.match.group.memberships.first()
    membership.confidentiality_accepted_at = None
    membership.save()
    client.force_login(membership.user)
    portal = reverse("matching:portal", args=[t.match.group_id])
    response = client.get(portal)
    assert response.status_code == 302
    assert "/geheimhouding/" in response["Location"]
    client.post(response["Location"], {"next": portal})  # not ticked: nothing changes
    membership.refresh_from_db()
    assert membership.confidentiality_accepted_at is None
    client.post(response["Location"], {"next": portal, "accept": "yes"})
    membership.refresh_from_db()
    assert membership.confidentiality_version == CONFIDENTIALITY_VERSION
    assert client.get(portal).status_code == 200


def test_the_users_table_is_covered_by_the_name_search(household):
    # Guard for rows_naming itself: it finds the account by its e-mail address.
    assert any(label.startswith("samenhier.User") for label in rows_naming(NAME.lower()))
    assert User.objects.filter(email__icontains=NAME.lower()).exists()


def test_the_confidentiality_statement_redirects_only_to_a_url(client, group_member, group):
    # "0" once reached redirect(), which read it as a view name and failed (found by fuzzing).
    url = reverse("groups:confidentiality", args=[group.pk])
    client.force_login(group_member)
    response = client.post(url, {"accept": "yes", "next": "0"})
    assert response.status_code == 302
    response = client.post(url, {"accept": "yes", "next": "https://elders.example/"})
    assert response["Location"] == reverse("home")
