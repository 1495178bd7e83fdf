"""The import in the admin, as each role: upload, preview, confirm; the template and the
export; nothing kept of the file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from refugees.models import Refugee
from samenhier.imports.export import programme_values
from samenhier.imports.models import ImportedRecord, ProgrammeImport
from samenhier.imports.sheets import SHEETS
from samenhier.imports.workbook import read_upload
from samenhier.models import AccessLog
from samenhier.roles import Role

from ..factories import MembershipFactory, RefugeeFactory, UserFactory, WelcomeGroupFactory
from .workbooks import HOUSEHOLD_NAME, messy_workbook

UPLOAD = "admin:imports_upload"
CONFIRM = "admin:imports_confirm"


def upload(content: bytes, name="programma.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def preview(client, content=None, **data):
    return client.post(reverse(UPLOAD), {"files": upload(content or messy_workbook()), **data})


@pytest.fixture
def refused_users(community_builder, staff, group_member, refugee_user, outsider):
    return [community_builder, staff, group_member, refugee_user, outsider]


def test_it_shows_a_coordinator_the_upload(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 200
    assert "Voorbeeld bekijken" in response.content.decode()


def test_it_previews_without_writing_anything(client, coordinator, municipality):
    client.force_login(coordinator)

    response = preview(client)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Huishoudens: 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 met een fout" in html
    assert "Alles inlezen" in html
    assert not Refugee.objects.exists()
    # The session keeps the file's fingerprint only: no row, no name.
    assert set(client.session["imports:preview"]) == {"hash", "invite"}
    assert HOUSEHOLD_NAME not in str(dict(client.session))


def test_it_imports_all_on_confirming_the_same_file(client, coordinator, municipality):
    client.force_login(coordinator)
    content = messy_workbook()  # a workbook made again differs (it holds the time it was saved)
    preview(client, content)

    response = client.post(reverse(CONFIRM), {"files": upload(content)})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_programmeimport_changelist")
    assert Refugee.objects.count() == 2
    assert ProgrammeImport.objects.get().by == coordinator
    assert "imports:preview" not in client.session


def test_it_refuses_to_confirm_another_file_than_the_one_previewed(
    client, coordinator, municipality
):
    client.force_login(coordinator)
    preview(client)
    other = messy_workbook(Activiteiten=(1, 3, "2"))

    response = client.post(reverse(CONFIRM), {"files": upload(other)}, follow=True)

    assert "Dit is niet het bestand waarvan je het voorbeeld zag." in response.content.decode()
    assert not Refugee.objects.exists()


def test_it_refuses_to_confirm_without_a_preview(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(reverse(CONFIRM), {"files": upload(messy_workbook())})
    assert response.status_code == 302
    assert not Refugee.objects.exists()


def test_confirm_answers_only_a_post(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse(CONFIRM)).status_code == 405


def test_a_bad_cell_is_named_in_the_preview_and_cannot_be_confirmed(
    client, coordinator, municipality
):
    client.force_login(coordinator)

    response = preview(client, messy_workbook(Activiteiten=(2, 2, "31-02-2025")))

    html = response.content.decode()
    assert "Blad ‘Activiteiten’, rij 3, kolom ‘datum’: ‘31-02-2025’ is geen datum" in html
    assert "Alles inlezen" not in html
    assert not Refugee.objects.exists()


def test_a_file_that_is_no_workbook_gets_a_clear_message(client, coordinator):
    client.force_login(coordinator)
    response = preview(client, b"not a workbook at all")
    assert response.status_code == 200
    assert "kan ik niet lezen als Excel-bestand" in response.content.decode()


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10)
def test_no_copy_of_the_upload_is_left_on_disk(client, coordinator, municipality, tmp_path):
    client.force_login(coordinator)
    content = messy_workbook()
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        preview(client, content)
        client.post(reverse(CONFIRM), {"files": upload(content)})
    assert Refugee.objects.count() == 2
    assert list(tmp_path.iterdir()) == []
    fields = [
        f.get_internal_type()
        for m in (ProgrammeImport, ImportedRecord)
        for f in m._meta.get_fields()
        if hasattr(f, "get_internal_type")
    ]
    assert "FileField" not in fields


@pytest.mark.parametrize(
    "url",
    [
        reverse(UPLOAD),
        reverse("admin:imports_template", args=["xlsx"]),
        reverse("admin:imports_export", args=["xlsx"]),
        reverse("admin:imports_programmeimport_changelist"),
    ],
)
def test_it_refuses_every_other_role(client, refused_users, url):
    for user in refused_users:
        client.force_login(user)
        response = client.get(url)
        # Not staff: the admin's login; staff without the role: refused.
        assert response.status_code in (302, 403), user.roles
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login"))


def test_a_refused_post_changes_nothing(client, refused_users, municipality):
    households = list(Refugee.objects.values_list("pk", flat=True))  # the household's own
    for user in refused_users:
        client.force_login(user)
        preview(client)
        client.session.pop("imports:preview", None)
        client.post(reverse(CONFIRM), {"files": upload(messy_workbook())})
    assert list(Refugee.objects.values_list("pk", flat=True)) == households
    assert not ProgrammeImport.objects.exists()
    assert not AccessLog.objects.exists()


def test_the_template_is_a_workbook_with_lists_and_an_explanation(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:imports_template", args=["xlsx"]))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    titles = [str(sheet.title) for sheet in SHEETS]
    assert set(titles) <= set(book.sheetnames)
    households = book["Huishoudens"]
    assert [c.value for c in households[1]][:3] == ["referentie", "gemeente", "programmavariant"]
    assert households["A2"].value == "HH-001"  # the example row
    validated = {str(r) for v in households.data_validations.dataValidation for r in v.sqref.ranges}
    status_column = [c.value for c in households[1]].index("status") + 1
    letter = households.cell(row=1, column=status_column).column_letter
    assert f"{letter}2:{letter}2000" in validated  # a drop-down on the status
    explained = {(row[0], row[1]) for row in book["Uitleg"].iter_rows(values_only=True)}
    for sheet in SHEETS:
        for column in sheet.columns:
            assert (str(sheet.title), str(column.header)) in explained


def test_the_template_as_csv_files_reads_back_as_one_row_per_sheet(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:imports_template", args=["zip"]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(f"{str(s.title).lower()}.csv" for s in SHEETS)
    book = read_upload([("sjabloon.zip", response.content)])
    assert book.problems == []
    assert {key: len(raw.rows) for key, raw in book.sheets.items()} == {s.key: 1 for s in SHEETS}


def test_the_export_holds_only_what_the_coordinator_may_see(
    client, coordinator, municipality, other_municipality
):
    RefugeeFactory(municipality=municipality, first_name="Eigenstad")
    RefugeeFactory(municipality=other_municipality, first_name="Anderestad")
    client.force_login(coordinator)

    response = client.get(reverse("admin:imports_export", args=["xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content))["Huishoudens"]
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Eigenstad"]
    assert (
        AccessLog.objects.filter(
            user=coordinator, action=AccessLog.Action.EXPORT, object_type="programme"
        ).count()
        == 1
    )


def test_the_export_reads_a_fixed_number_of_queries(
    municipality, coordinator, django_assert_max_num_queries
):
    def grow(n):
        for _i in range(n):
            RefugeeFactory(municipality=municipality)
            MembershipFactory(group=WelcomeGroupFactory(municipality=municipality))

    grow(2)
    with django_assert_max_num_queries(20):
        small = programme_values(coordinator)
    grow(20)
    with django_assert_max_num_queries(20):
        large = programme_values(coordinator)
    assert (len(small["households"]), len(large["households"])) == (2, 22)


def test_a_coordinator_sees_only_their_own_imports(client, coordinator, municipality):
    other = UserFactory(role=Role.COORDINATOR, municipalities=[municipality])
    ProgrammeImport.objects.create(by=other, file_name="van-een-collega.xlsx", file_hash="x")
    ProgrammeImport.objects.create(by=coordinator, file_name="mijn-bestand.xlsx", file_hash="y")
    client.force_login(coordinator)

    html = client.get(reverse("admin:imports_programmeimport_changelist")).content.decode()

    assert "mijn-bestand.xlsx" in html
    assert "van-een-collega.xlsx" not in html
    assert reverse(UPLOAD) in html
