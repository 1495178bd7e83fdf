"""Browser: programme staff downloads the XLSX report and it holds the figures."""

import datetime

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from samenhier.roles import Role

from ..factories import (
    HouseholdMemberFactory,
    MunicipalityFactory,
    UserFactory,
    active_trajectory,
    ready_refugee,
)
from .conftest import axe_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_downloads_the_xlsx_report(page: Page, live_server, settings, tmp_path):
    den_haag = MunicipalityFactory(name="Den Haag")
    household = ready_refugee(municipality=den_haag)
    HouseholdMemberFactory.create_batch(4, refugee=household)  # 5 persons
    active_trajectory(
        municipality=den_haag,
        refugee=household,
        start=datetime.date.today() - datetime.timedelta(days=30),
    )
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    sign_in(page, f"{live_server.url}/impact/", staff)
    expect(page.get_by_role("heading", level=1)).to_have_text("Social Handprint")
    expect(page.get_by_role("heading", name="Vluchtelingenopvang")).to_be_visible()
    # The wheel's legend reads at the size of the page's small text, not ~9 px.
    wheel = "Chart.getChart(document.querySelector('canvas'))"
    page.wait_for_function(f"() => window.Chart && {wheel}")
    legend = page.evaluate(f"() => {wheel}.options.plugins.legend.labels.font.size")
    assert legend >= 12
    page.get_by_role("link", name="Rapporten").click()
    page.get_by_label("Rapport (Excel)").check()
    page.get_by_role("button", name="Rapport maken").click()
    link = page.get_by_role("link", name="Downloaden")
    expect(link).to_be_visible(timeout=20_000)
    assert not axe_problems(page)  # the report's page, made and ready
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "downloaded.xlsx"
    info.value.save_as(target)
    rows = {
        r[0]: r
        for r in openpyxl.load_workbook(target)["Indicatoren"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert rows["Vluchtelingenopvang"][2] == 5 * 30
    assert rows["Actieve gemeenten"][2] == 1
