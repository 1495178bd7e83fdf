"""The report as a document to send (PDF) and as data (XLSX): read back, as a funder
would read them."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from impact.exports import file_bytes
from impact.indicators import DEFINITIONS_VERSION, INDICATORS, SDG_NAMES
from impact.models import ExportJob
from matching.services.activities import activity_log_save

from ..factories import (
    HouseholdMemberFactory,
    MembershipFactory,
    active_trajectory,
    life_domain,
    ready_refugee,
)

TODAY = datetime.date.today()


@pytest.fixture
def programme(municipality):
    """One year of 6 persons since 200 days (1.200 reception days: a number that needs a
    thousands separator), 6 members who logged twice."""
    household = ready_refugee(municipality=municipality)
    HouseholdMemberFactory.create_batch(5, refugee=household)
    year = active_trajectory(
        municipality=municipality, refugee=household, start=TODAY - datetime.timedelta(days=200)
    )
    members = [MembershipFactory(group=year.match.group) for _ in range(6)]
    for days_ago, hours in ((10, "8"), (40, "6.5")):
        activity_log_save(
            trajectory=year,
            by=members[0].user,
            date=TODAY - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            life_domains=[life_domain("work"), life_domain("health")],
            members_present=members,
            introductions={"employer": 1},
        )
    return year


def export(client, user, fmt, capture, **fields):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("impact:exports"), {"format": fmt, **fields})
    return response, ExportJob.objects.filter(requested_by=user).order_by("-created_at").first()


def pdf_pages(job) -> list[str]:
    reader = PdfReader(io.BytesIO(file_bytes(job)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def flat(text) -> str:
    return " ".join(str(text).split())


def test_the_pdf_reads_as_a_report(
    client, staff, programme, django_capture_on_commit_callbacks, settings
):
    _r, job = export(
        client,
        staff,
        "pdf",
        django_capture_on_commit_callbacks,
        voorwoord="Een jaar van welkomgroepen.\nDank aan iedereen.",
    )
    pages = pdf_pages(job)
    text = " ".join(pages)
    made = timezone.localdate().strftime("%-d")
    # The cover: programme, title, period, municipalities, date of making, versions.
    cover = pages[0]
    for words in ("Samen Hier", "Social Handprint", "Periode", "Gemeenten", "Gemaakt op"):
        assert words in cover
    assert f"definities {DEFINITIONS_VERSION}" in cover
    # Every section, the foreword, every SDG of the wheel.
    for heading in (
        "Voorwoord",
        "Samenvatting",
        "Het SDG-wiel",
        "Per duurzame-ontwikkelingsdoel",
        "Introducties uit het netwerk",
        "Hoe volledig de gegevens zijn",
        "Methode en definities",
    ):
        assert heading in text, heading
    assert "Een jaar van welkomgroepen." in text
    for sdg in (3, 8, 10):
        assert flat(SDG_NAMES[sdg]) in text
    # Page numbers and the date of making on every page.
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page
        assert re.search(rf"Gemaakt op {made} \w+ \d{{4}}", page)
    # The method is the one definition of each indicator.
    for indicator in INDICATORS:
        assert flat(indicator.counts) in text, indicator.key
    # Numbers in one Dutch format: 1.200 days, never 1200; no ISO dates.
    assert "1.200 dagen" in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    unformatted = {n for n in re.findall(r"(?<![\d.,])\d{4,}(?![\d.,])", text)}
    years = {str(y) for y in range(2000, 2100)}
    assert unformatted <= years, unformatted


def test_a_foreword_with_contact_details_is_refused(
    client, staff, programme, django_capture_on_commit_callbacks
):
    for text in ("Bel ons op 06-12345678.", "Mail naar jan@example.org voor meer."):
        response, job = export(
            client, staff, "pdf", django_capture_on_commit_callbacks, voorwoord=text
        )
        assert job is None  # nothing asked for
        assert response.status_code == 200
        html = response.content.decode()
        assert "e-mailadres of telefoonnummer" in html
        assert text.split()[0] in html  # what was typed is still there to correct


def test_a_report_in_english_is_asked_for_in_english(
    client, staff, programme, django_capture_on_commit_callbacks
):
    _r, job = export(client, staff, "pdf", django_capture_on_commit_callbacks, taal="en")
    assert job.language == "en"
    text = " ".join(pdf_pages(job))
    assert "Page 1 of" in text
    assert "Method and definitions" in text
    assert "1,200" in text
    assert "Running years with a logged activity in the last 30 days" in text
    assert "Lopende jaren" not in text
    response, _job = export(client, staff, "pdf", django_capture_on_commit_callbacks, taal="fr")
    assert ExportJob.objects.count() == 1  # no second report: only Dutch or English
    assert "Kies Nederlands of Engels." in response.content.decode()


def test_the_xlsx_is_data(client, staff, programme, django_capture_on_commit_callbacks):
    _r, job = export(client, staff, "xlsx", django_capture_on_commit_callbacks)
    book = openpyxl.load_workbook(io.BytesIO(file_bytes(job)))
    assert book.sheetnames == [
        "Rapport",
        "Indicatoren",
        "SDG's",
        "Levensgebieden",
        "Introducties",
        "Per gemeente",
        "Per maand",
        "Volledigheid",
        "Methode",
        "Social Handprint",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 5
    about = {r[0]: r[1] for r in book["Rapport"].iter_rows(min_row=2, values_only=True)}
    assert isinstance(about["Periode van"], datetime.datetime)  # a date, not text
    assert about["Versie van de definities"] == DEFINITIONS_VERSION
    indicators = {r[0]: r for r in book["Indicatoren"].iter_rows(min_row=2, values_only=True)}
    assert indicators["Vluchtelingenopvang"][2] == 1200  # a number, not "1.200"
    assert indicators["Vrijwillige inzet"][2] == pytest.approx(6 * 8 + 6 * 6.5)
    months = list(book["Per maand"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(row[0], datetime.datetime) for row in months)
    # Counts per SDG or life domain say so: "Activiteiten" alone is the number of activities.
    assert next(book["SDG's"].iter_rows(max_row=1, values_only=True))[3] == (
        "Activiteiten met dit SDG"
    )
    assert next(book["Levensgebieden"].iter_rows(max_row=1, values_only=True))[1] == (
        "Activiteiten in dit levensgebied"
    )
    assert "Activiteiten met dit SDG" in next(
        book["Social Handprint"].iter_rows(max_row=1, values_only=True)
    )
    method = " ".join(str(r[1]) for r in book["Methode"].iter_rows(min_row=2, values_only=True))
    for indicator in INDICATORS:
        assert str(indicator.counts) in method


def test_the_same_data_gives_the_same_files(
    client, staff, programme, django_capture_on_commit_callbacks
):
    _r, first = export(client, staff, "xlsx", django_capture_on_commit_callbacks)
    _r, second = export(client, staff, "xlsx", django_capture_on_commit_callbacks)

    def values(job):
        book = openpyxl.load_workbook(io.BytesIO(file_bytes(job)))
        return {
            sheet.title: [r for r in sheet.iter_rows(values_only=True) if r[0] != "Gemaakt op"]
            for sheet in book.worksheets
        }

    assert values(first) == values(second)
    _r, first = export(client, staff, "pdf", django_capture_on_commit_callbacks)
    _r, second = export(client, staff, "pdf", django_capture_on_commit_callbacks)
    made = re.compile(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}")
    assert made.sub("", " ".join(pdf_pages(first))) == made.sub("", " ".join(pdf_pages(second)))


def test_the_reports_method_links_each_figure_to_its_evidence(
    client, staff, programme, django_capture_on_commit_callbacks, settings
):
    _r, job = export(client, staff, "pdf", django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(file_bytes(job)))
    links = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    }
    site = settings.SITE_URL.rstrip("/")
    for indicator in INDICATORS:
        path = reverse("impact:indicator", args=[indicator.key])
        assert any(link.startswith(site + path + "?van=") for link in links), indicator.key
    method = client.get(reverse("impact:method")).content.decode()
    assert reverse("impact:indicator", args=["reception_days"]) in method
