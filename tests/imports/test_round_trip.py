"""The way back: the demo programme exported in the template's format and imported into an
empty database makes the same records and every impact figure identically."""

import csv
import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from impact.aggregates import Period, figures
from matching.models import ActivityLog, Match, SelfRelianceScore
from matching.selectors.summaries import differences
from refugees.models import Refugee
from samenhier.imports.export import programme_values, workbook_rows
from samenhier.imports.reading import Lists
from samenhier.imports.services.programme import programme_import
from samenhier.imports.workbook import read_upload, write_csv_zip, write_xlsx
from samenhier.models import Municipality, User
from samenhier.roles import Role

from ..factories import RefugeeFactory, UserFactory
from .workbooks import HOUSEHOLD_NAME, messy_workbook

# A first name that a spreadsheet would run as a formula (CSV injection).
FORMULA = '=HYPERLINK("https://example.org/SENTINEL-FORMULA-QZXWVKJHGFDSAPLMNBTRY")'


def every_figure() -> dict:
    """Every figure of the whole history, of each year and of each municipality (by name,
    as the keys differ between two databases)."""
    today = timezone.localdate()
    periods = {"all": (datetime.date(2000, 1, 1), today + datetime.timedelta(days=1))}
    for year in range(today.year - 4, today.year + 1):
        periods[str(year)] = (datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    found = {}
    for label, (start, end) in periods.items():
        found[label] = figures(Period(start, end))
        for place in Municipality.objects.order_by("name"):
            found[f"{label}/{place.name}"] = figures(Period(start, end, frozenset([place.pk])))
    return found


def empty_the_programme(keep: User) -> None:
    """Every record of the programme out, as in a database that has only its
    municipalities, reference lists and the person who imports."""
    with connection.constraint_checks_disabled():
        for label in ("imports", "matching", "groups", "refugees"):
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                model.objects.all()._raw_delete(using="default")
    User.objects.exclude(pk=keep.pk).delete()


def records(user=None) -> dict:
    """The records as the template holds them, without their keys."""
    values = programme_values(user)
    return {sheet: sorted(map(repr, rows)) for sheet, rows in values.items()}


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--quiet-logins", production_ok=True, stdout=io.StringIO())
    return UserFactory(role=Role.ADMINISTRATOR, email="beheer-import@example.org")


@pytest.mark.parametrize("fmt", ["xlsx", "zip"])
def test_export_then_import_into_an_empty_database_reproduces_every_figure(demo, fmt):
    before = every_figure()
    assert Match.objects.count() == 46
    assert before["all"]["reception_days"] == 20_203
    kept = records()
    lists = Lists.load()
    rows = workbook_rows(programme_values(demo), lists)
    content = write_xlsx(rows, lists.shown()) if fmt == "xlsx" else write_csv_zip(rows)

    empty_the_programme(keep=demo)
    assert not Match.objects.exists()
    assert not Refugee.objects.exists()
    outcome = programme_import(files=[(f"export.{fmt}", content)], by=demo, dry_run=False)

    assert outcome.errors == []
    assert Match.objects.count() == 46
    assert Refugee.objects.count() == 55
    assert WelcomeGroup.objects.count() == 52
    assert Membership.objects.count() == len(kept["members"])
    assert ActivityLog.objects.count() == len(kept["activities"])
    assert SelfRelianceScore.objects.count() == len(kept["scores"])
    after = every_figure()
    assert after["all"]["reception_days"] == 20_203
    assert after == before
    assert records() == kept
    assert differences()[1] == 0

    again = programme_import(files=[(f"export.{fmt}", content)], by=demo, dry_run=True)
    assert all(n["new"] == 0 and n["changed"] == 0 for n in again.counts.values())


def test_a_coordinators_export_comes_back_as_their_own_records(
    coordinator, municipality, other_municipality
):
    programme_import(files=[("oud.xlsx", messy_workbook())], by=coordinator, dry_run=False)
    RefugeeFactory(municipality=other_municipality, first_name="Anderestad")
    year = Period(datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    before = figures(year)
    kept = records(coordinator)
    lists = Lists.load()
    content = write_xlsx(workbook_rows(programme_values(coordinator), lists), lists.shown())

    empty_the_programme(keep=coordinator)
    outcome = programme_import(files=[("export.xlsx", content)], by=coordinator, dry_run=False)

    assert outcome.errors == []
    assert records(coordinator) == kept
    assert not Refugee.objects.filter(first_name="Anderestad").exists()  # not theirs to take
    assert figures(year) == before


def test_a_formula_comes_out_escaped_in_the_csv_files_and_reads_back_as_itself(coordinator):
    programme_import(files=[("oud.xlsx", messy_workbook())], by=coordinator, dry_run=False)
    # As typed in Samen Hier (in a workbook made with openpyxl it would be a formula cell).
    Refugee.objects.filter(first_name=HOUSEHOLD_NAME).update(first_name=FORMULA)
    content = write_csv_zip(workbook_rows(programme_values(coordinator), Lists.load()))

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("huishoudens.csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + FORMULA in cells  # an apostrophe first: text, never a formula
    assert not any(cell.startswith("=") for cell in cells)

    book = read_upload([("export.zip", content)])
    assert FORMULA in [cells["first_name"] for _n, cells in book.sheets["households"].rows]
    again = programme_import(files=[("export.zip", content)], by=coordinator, dry_run=True)
    assert again.errors == []
    assert again.counts["households"] == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}

    empty_the_programme(keep=coordinator)
    outcome = programme_import(files=[("export.zip", content)], by=coordinator, dry_run=False)
    assert outcome.errors == []
    assert Refugee.objects.filter(first_name=FORMULA).count() == 1
