"""Importing a programme's spreadsheets: reading what people type, all or nothing,
idempotent, and the programme's rules (docs/architecture.md, "Bringing a programme in")."""

import csv
import datetime
import io
import logging
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command

from groups.models import GroupStatusChange, Membership, WelcomeGroup
from impact.aggregates import Period, figures
from matching.models import ActivityLog, Match, MatchStatusChange
from matching.selectors.summaries import differences
from refugees.models import Refugee, RefugeeStatusChange
from samenhier.imports.models import ImportedRecord, ProgrammeImport
from samenhier.imports.services.programme import programme_import
from samenhier.models import AccessLog, Invitation, User

from .workbooks import HOUSEHOLD_NAME, SHEETS, messy_workbook

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))


def run(content: bytes, by, *, dry_run=False, invite=False, name="programma.xlsx"):
    return programme_import(files=[(name, content)], by=by, dry_run=dry_run, invite=invite)


def counts(outcome) -> dict:
    return {
        sheet: (n["new"], n["changed"], n["unchanged"], n["error"])
        for sheet, n in outcome.counts.items()
    }


def test_it_reads_a_messy_file_into_the_records_worked_out_by_hand(coordinator, municipality):
    outcome = run(messy_workbook(), coordinator)

    assert outcome.errors == []
    assert outcome.written
    assert counts(outcome) == {
        "households": (2, 0, 0, 0),  # the blank row is no row
        "groups": (2, 0, 0, 0),
        "members": (4, 0, 0, 0),
        "matches": (2, 0, 0, 0),
        "activities": (3, 0, 0, 0),
        "scores": (4, 0, 0, 0),
    }
    amal = Refugee.objects.get(first_name=HOUSEHOLD_NAME)
    assert amal.municipality == municipality  # "  den haag "
    assert amal.status == Refugee.Status.COMPLETED  # "afgerond"
    assert amal.intake_date == amal.waiting_since == datetime.date(2024, 12, 1)  # empty: intake
    assert sorted(amal.languages.values_list("code", flat=True)) == ["ar", "en"]
    assert amal.interpreter_available  # "x"
    assert amal.members.count() == 2
    assert dict(amal.goals.values_list("life_domain__key", "priority")) == {
        "work": 3,  # "(hoog)"
        "language": 2,  # no priority: medium
    }
    assert list(amal.preferences.values_list("kind", "required")) == [("with_children", False)]
    assert amal.consents.get().given_at.date() == datetime.date(2025, 1, 10)
    berhane = Refugee.objects.get(first_name="Berhane")
    assert berhane.status == Refugee.Status.WITHDRAWN  # English
    assert berhane.intake_date == datetime.date(2024, 11, 15)  # 15/11/2024
    assert not berhane.interpreter_available  # "nee"

    duinoord = WelcomeGroup.objects.get(name="Welkomgroep Duinoord")
    assert duinoord.start_training_on == datetime.date(2024, 10, 20)
    regentes = WelcomeGroup.objects.get(name="Welkomgroep Regentes")
    assert regentes.capacity == 1  # empty: 1
    assert regentes.start_training_on == datetime.date(2024, 10, 25)  # an Excel date
    bo = Membership.objects.get(user__email="bo.pieters@example.org")
    assert bo.vog_status == Membership.VogStatus.VALID  # "Valid"
    assert bo.vog_valid_until == datetime.date(2026, 6, 30)
    assert sorted(bo.languages.values_list("code", flat=True)) == ["en", "nl"]
    assert Membership.objects.get(user__email="an.jansen@example.org").is_contact  # "x"

    early = Match.objects.get(refugee=berhane)
    assert early.status == Match.Status.ENDED_EARLY  # " ended early "
    assert early.end_reason == Match.EndReason.HOUSEHOLD_MOVED  # "Household moved"
    assert early.actual_end_date == datetime.date(2025, 5, 1)  # 1/5/2025
    assert ActivityLog.objects.get(date=datetime.date(2025, 2, 15)).hours == Decimal("1.5")


@pytest.mark.parametrize("logged_one_by_one", [False, True])
def test_the_figures_of_the_messy_file_are_the_ones_worked_out_by_hand(
    coordinator, monkeypatch, logged_one_by_one
):
    if logged_one_by_one:
        # As in a database with many logs already: each new log through the service.
        monkeypatch.setattr("samenhier.imports.services.activities.REBUILD_BELOW", 0)
    run(messy_workbook(), coordinator)

    found = figures(YEAR_2025)
    # K-1: 3 persons, 15-01-2025 to 15-12-2025 = 334 days -> 1002; K-2: 1 person,
    # 01-03-2025 to 01-05-2025 = 61 days -> 61.
    assert found["reception_days"] == 1002 + 61
    assert found["new_matches"] == 2
    assert found["refugees_supported"] == 3 + 1
    assert found["active_groups"] == 2
    # 1.5 h x 2 present, A-2: 2 h x 1, A-3: 0.5 h x 1.
    assert float(found["volunteer_hours"]) == 3.0 + 2.0 + 0.5
    assert found["activity_count"] == 3
    assert found["active_volunteers"] == 3  # L-1, L-2, L-4
    assert found["introductions"]["employer"] == 1
    assert found["network_involvement"] == 50.0  # WG-1 of the two groups
    # work 2 -> 4 (+2), language 3 -> 3 (0): mean 1.0
    assert found["self_reliance_gain"]["overall"] == 1.0
    assert found["activities"]["work"] == 1
    assert found["activities"]["housing"] == 1
    assert differences()[1] == 0  # the summaries equal the raw rows


def test_one_bad_cell_imports_nothing_and_names_the_cell(coordinator):
    # Row 3 of the sheet (its second data row), column "datum": 31 February.
    outcome = run(messy_workbook(Activiteiten=(2, 2, "31-02-2025")), coordinator)

    assert not outcome.written
    assert outcome.errors == [
        "Blad ‘Activiteiten’, rij 3, kolom ‘datum’: ‘31-02-2025’ is geen datum; verwacht "
        "een datum als 15-01-2025."
    ]
    assert counts(outcome)["activities"] == (2, 0, 0, 1)  # the preview still says the rest
    assert not Refugee.objects.exists()
    assert not WelcomeGroup.objects.exists()
    assert not User.objects.filter(email__endswith="@example.org").exclude(pk=coordinator.pk)
    assert not ProgrammeImport.objects.exists()


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "column"),
    [
        ("Huishoudens", (1, 9), "misschien", "tolk beschikbaar"),
        ("Activiteiten", (1, 3), "1,5 uur", "uren"),
        ("Groepsleden", (1, 5), "bijna", "VOG-status"),
        ("Huishoudens", (1, 6), "Klingon", "talen"),
        ("Koppelingen", (1, 3), "klaar", "status"),
        ("Huishoudens", (1, 4), "1-13-2024", "intakedatum"),
    ],
)
def test_a_value_it_cannot_read_is_an_error_never_a_guess(coordinator, sheet, cell, value, column):
    outcome = run(messy_workbook(**{sheet: (*cell, value)}), coordinator)

    assert not outcome.written
    assert len(outcome.errors) >= 1
    assert outcome.errors[0].startswith(f"Blad ‘{sheet}’, rij 2, kolom ‘{column}’: ‘{value}’")
    assert not Refugee.objects.exists()


def test_the_same_file_twice_changes_nothing(coordinator):
    run(messy_workbook(), coordinator)
    before = (Refugee.objects.count(), Match.objects.count(), ActivityLog.objects.count())
    changes = RefugeeStatusChange.objects.count() + MatchStatusChange.objects.count()

    again = run(messy_workbook(), coordinator)

    assert again.errors == []
    assert all(n[0] == 0 and n[1] == 0 for n in counts(again).values())  # "0 new, 0 changed"
    assert again.summary_lines()[0] == (
        "Huishoudens: 0 nieuw, 0 gewijzigd, 2 ongewijzigd, 0 met een fout"
    )
    assert (Refugee.objects.count(), Match.objects.count(), ActivityLog.objects.count()) == before
    assert RefugeeStatusChange.objects.count() + MatchStatusChange.objects.count() == changes


def test_a_corrected_file_updates_only_what_changed(coordinator):
    run(messy_workbook(), coordinator)

    # A-2 took 3 hours, not 2.
    outcome = run(messy_workbook(Activiteiten=(2, 3, "3")), coordinator)

    assert outcome.errors == []
    assert counts(outcome)["activities"] == (0, 1, 2, 0)
    assert sum(n[1] for n in counts(outcome).values()) == 1
    assert ActivityLog.objects.get(date=datetime.date(2025, 3, 10)).hours == 3
    assert float(figures(YEAR_2025)["volunteer_hours"]) == 3.0 + 3.0 + 0.5
    assert differences()[1] == 0


def test_a_dry_run_writes_nothing(coordinator):
    outcome = run(messy_workbook(), coordinator, dry_run=True)

    assert outcome.errors == []
    assert counts(outcome)["households"] == (2, 0, 0, 0)
    assert not outcome.written
    assert not Refugee.objects.exists()
    assert not ImportedRecord.objects.exists()


def test_statuses_come_in_as_imported_status_changes(coordinator):
    run(messy_workbook(), coordinator, name="oud-bestand-2024.xlsx")

    amal = Refugee.objects.get(first_name=HOUSEHOLD_NAME)
    steps = list(amal.status_changes.values_list("old", "new"))
    assert steps == [("intake", "ready"), ("ready", "matched"), ("matched", "completed")]
    for change in [*amal.status_changes.all(), *GroupStatusChange.objects.all()]:
        assert change.by == coordinator
        assert "oud-bestand-2024.xlsx" in change.note
        assert HOUSEHOLD_NAME not in change.note
    match = Match.objects.get(refugee=amal)
    assert list(match.status_changes.values_list("new", flat=True)) == [
        "proposed",
        "accepted",
        "active",
        "completed",
    ]


def test_another_citys_row_is_an_error(municipality, other_city_coordinator):
    outcome = run(messy_workbook(), other_city_coordinator)

    assert not outcome.written
    assert (
        "Blad ‘Huishoudens’, rij 2, kolom ‘gemeente’: Je mag alleen inlezen voor je eigen "
        "gemeenten." in outcome.errors
    )
    assert not Refugee.objects.exists()


def test_a_reference_of_another_city_is_refused(coordinator, other_city_coordinator):
    run(messy_workbook(), coordinator)
    amal = Refugee.objects.get(first_name=HOUSEHOLD_NAME)

    outcome = run(messy_workbook(Huishoudens=(1, 2, "Utrecht")), other_city_coordinator)

    assert not outcome.written
    assert "Blad ‘Huishoudens’, rij 2, kolom ‘referentie’" in outcome.errors[0]
    amal.refresh_from_db()
    assert amal.municipality.name == "Den Haag"


def test_member_accounts_have_no_password_and_get_no_invitation(coordinator):
    run(messy_workbook(), coordinator)

    members = User.objects.filter(memberships__isnull=False)
    assert members.count() == 4
    assert not any(user.has_usable_password() for user in members)
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    assert not any(user.roles for user in members)  # a role comes with an accepted invitation


def test_invitations_go_out_only_when_the_coordinator_chooses(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = run(messy_workbook(), coordinator, invite=True)

    assert outcome.invitations == 4
    assert Invitation.objects.filter(invited_by=coordinator).count() == 4
    assert len(mail.outbox) == 4


def test_a_preview_with_invitations_sends_none(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(messy_workbook(), coordinator, invite=True, dry_run=True)

    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_one_open_match_per_household(coordinator):
    # K-1 still running, and K-2 proposed for the same household.
    outcome = run(
        messy_workbook(
            Koppelingen=[
                (1, 3, "actief"),
                (1, 5, ""),
                (2, 0, "HH-1"),
                (2, 3, "voorgesteld"),
                (2, 4, ""),
                (2, 5, ""),
                (2, 6, ""),
                (2, 7, ""),
            ],
            Activiteiten=[(3, 0, "K-1"), (3, 5, "L-1")],
        ),
        coordinator,
    )

    assert not outcome.written
    assert outcome.errors == [
        "Blad ‘Koppelingen’, rij 3, kolom ‘status’: Dit huishouden heeft al een openstaande "
        "koppeling."
    ]
    assert not Match.objects.exists()


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"Koppelingen": (1, 6, 0)}, "aantal personen"),  # persons >= 1
        ({"Koppelingen": (1, 5, "2024-12-31")}, "einddatum"),  # end before start
        ({"Koppelingen": (2, 7, "")}, "reden van beëindiging"),  # ended early needs a reason
        ({"Groepsleden": (1, 6, "")}, "VOG geldig tot"),  # a valid VOG has an expiry
        ({"Groepsleden": (2, 3, "ja")}, "contactpersoon"),  # one contact person per group
        ({"Huishoudens": (1, 5, "30-11-2024")}, "wacht sinds"),  # waiting before the intake
        ({"Groepen": (1, 6, "30-09-2024")}, "starttraining op"),  # training before interview
    ],
)
def test_each_rule_names_its_cell(coordinator, change, column):
    outcome = run(messy_workbook(**change), coordinator)

    assert not outcome.written
    sheet = next(iter(change))
    assert any(e.startswith(f"Blad ‘{sheet}’") and f"kolom ‘{column}’" in e for e in outcome.errors)
    assert not Match.objects.exists()


def test_a_status_against_the_lifecycle_is_an_error(coordinator):
    run(messy_workbook(), coordinator)

    # K-1 back from completed to proposed is not an arrow of the lifecycle.
    outcome = run(
        messy_workbook(Koppelingen=[(1, 3, "voorgesteld"), (1, 4, ""), (1, 5, ""), (1, 6, "")]),
        coordinator,
    )
    assert not outcome.written
    assert any("kolom ‘status’" in e for e in outcome.errors)
    assert Match.objects.get(refugee__first_name=HOUSEHOLD_NAME).status == "completed"


def test_the_import_is_audited_and_each_household_is_one_full_record_write(coordinator):
    outcome = run(messy_workbook(), coordinator)

    assert outcome.record.by == coordinator
    assert outcome.record.counts["households"]["new"] == 2
    writes = AccessLog.objects.filter(
        user=coordinator, object_type="refugee", action=AccessLog.Action.IMPORT
    )
    assert sorted(writes.values_list("object_code", flat=True)) == sorted(
        str(pk) for pk in Refugee.objects.values_list("pk", flat=True)
    )
    entries = LogEntry.objects.filter(actor=coordinator)
    assert entries.exists()
    assert not any(HOUSEHOLD_NAME in (e.changes_text or "") + e.object_repr for e in entries)


def test_no_personal_data_in_the_log(coordinator, caplog):
    with caplog.at_level(logging.DEBUG):
        run(messy_workbook(), coordinator)
        run(messy_workbook(Activiteiten=(2, 2, "31-02-2025")), coordinator)

    assert caplog.records
    assert HOUSEHOLD_NAME not in caplog.text
    assert "example.org" not in caplog.text


def test_the_command_prints_the_same_counts(coordinator, tmp_path):
    path = tmp_path / "programma.xlsx"
    path.write_bytes(messy_workbook())
    out = io.StringIO()

    call_command(
        "import_programme", str(path), "--dry-run", "--municipality", "Den Haag", stdout=out
    )

    printed = out.getvalue().splitlines()
    assert printed[0] == "Huishoudens: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met een fout"
    assert "Activiteiten: 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met een fout" in printed
    assert printed[-1] == "Proef: niets geschreven."
    assert not Refugee.objects.exists()

    call_command("import_programme", str(path), "--by", coordinator.email, stdout=out)
    assert Refugee.objects.count() == 2


def test_the_command_refuses_a_bad_file_and_writes_nothing(coordinator, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "programma.xlsx"
    path.write_bytes(messy_workbook(Activiteiten=(2, 2, "31-02-2025")))
    out = io.StringIO()

    with pytest.raises(CommandError, match="Niets ingelezen: 1 fout"):
        call_command("import_programme", str(path), stdout=out)

    assert "Blad ‘Activiteiten’, rij 3, kolom ‘datum’" in out.getvalue()
    assert not Refugee.objects.exists()


def test_the_command_limits_to_a_municipality(coordinator, other_municipality, tmp_path):
    path = tmp_path / "programma.xlsx"
    path.write_bytes(messy_workbook())
    out = io.StringIO()

    with pytest.raises(Exception, match="Niets ingelezen"):
        call_command("import_programme", str(path), "--municipality", "Utrecht", stdout=out)

    assert "Je mag alleen inlezen voor je eigen gemeenten." in out.getvalue()
    assert not Refugee.objects.exists()


def test_csv_files_one_per_sheet_import_like_the_workbook(coordinator):
    files = []
    for title, rows in SHEETS.items():
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";" if title != "Groepen" else ",")
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
        files.append((f"Programma - {title.lower()}.csv", text.getvalue().encode()))

    outcome = programme_import(files=files, by=coordinator, dry_run=False)

    assert outcome.errors == []
    assert counts(outcome)["activities"] == (3, 0, 0, 0)
    assert figures(YEAR_2025)["reception_days"] == 1002 + 61
