"""Browser: a household reads and answers in Arabic, on a phone (390×844): it chooses
Arabic on the login page, signs in, answers a check-in in Arabic, and another household
reads who its proposed group is and says yes. Every page is right to left and passes
axe (WCAG 2.1 A and AA) without a critical or serious violation."""

import collections
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from matching.models import CheckIn, Match

from ..factories import MunicipalityFactory
from ..languages.household import proposed_match, running_year
from .conftest import axe_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARABIC = {"email_label": "البريد الإلكتروني", "password_label": "كلمة المرور"}


def in_arabic(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll


def choose_arabic_and_sign_in(page: Page, url: str, user) -> None:
    page.goto(f"{url}/account/login/")
    page.get_by_role("button", name="العربيّة").click()
    in_arabic(page)
    sign_in(page, f"{url}/account/login/", user, button="تسجيل الدخول", **ARABIC)


def test_a_household_answers_and_agrees_in_arabic_on_a_phone(
    page: Page, live_server, record_property
):
    den_haag = MunicipalityFactory(name="Den Haag")
    trajectory, household = running_year(den_haag, language_code="ar")
    match, other_household = proposed_match(den_haag, language_code="ar")
    page.set_viewport_size({"width": 390, "height": 844})
    problems, pages = [], 0

    # The year's household answers its 3-month check-in, in Arabic.
    choose_arabic_and_sign_in(page, live_server.url, household)
    expect(page.get_by_role("heading", level=1)).to_contain_text("أهلاً")
    in_arabic(page)
    problems += axe_problems(page)
    pages += 1
    page.get_by_role("link", name="أخبرنا").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("كيف الحال؟")
    in_arabic(page)
    problems += axe_problems(page)
    pages += 1
    page.get_by_label("جيد", exact=True).check()
    page.get_by_label("ما الذي يساعدك؟").fill("دروس اللغة مع المجموعة")
    page.get_by_label("بأي لغة تكتب؟").select_option(label="العربية")
    page.get_by_role("button", name="إرسال").click()
    expect(page.get_by_role("status")).to_contain_text("شكراً لك!")
    answer = CheckIn.objects.get(trajectory=trajectory)
    assert (answer.score, answer.language.code, answer.by) == (4, "ar", household)
    page.get_by_role("button", name="فتح القائمة").click()  # the menu, folded on a phone
    page.get_by_role("link", name="الإشعارات").click()
    in_arabic(page)
    problems += axe_problems(page)
    pages += 1
    page.context.clear_cookies()

    # Another household reads who its proposed group is, and says yes.
    choose_arabic_and_sign_in(page, live_server.url, other_household)
    in_arabic(page)
    problems += axe_problems(page)
    pages += 1
    page.get_by_role("link", name="اقرأ من هي المجموعة").click()
    expect(page.get_by_role("heading", name="من هم؟")).to_be_visible()
    in_arabic(page)
    # Every member by first name; two members may share one (the factory's names repeat).
    names = collections.Counter(match.group.memberships.values_list("user__first_name", flat=True))
    for name, count in names.items():
        expect(page.get_by_text(name, exact=True)).to_have_count(count)
    problems += axe_problems(page)
    pages += 1
    page.get_by_role("button", name="نعم، نريد هذه المجموعة").click()
    expect(page.get_by_role("status")).to_contain_text("لقد وافقت على المجموعة")
    match.refresh_from_db()
    assert match.household_consent_by == other_household
    assert match.status == Match.Status.PROPOSED  # the group's yes is still to come
    assert timezone.now() - match.household_consent_at < datetime.timedelta(minutes=5)

    record_property("axe", f"{pages} pages, {len(problems)} critical or serious")
    print(f"axe (household, Arabic, 390×844): {pages} pages, {len(problems)} critical or serious")
    assert problems == []
