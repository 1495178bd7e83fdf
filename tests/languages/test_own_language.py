"""Each account has its own language: set from the household's languages when the
coordinator invites them, changed in one tap from every page, and the one every
notification and e-mail goes out in, whoever triggers it. Staff, coordinator and
volunteer pages stay Dutch and English."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from matching.models import Match
from matching.services.matches import match_transition
from refugees.services import refugee_account_invite
from samenhier.models import Notification, User

from ..factories import MatchFactory, ready_group, ready_refugee
from .household import household_user, running_year

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (["ar", "nl"], "ar"),  # the first household language that is offered
        (["prs"], "fa"),  # Dari reads the Persian catalogue
        (["ti", "am"], "ti"),
        (["am", "nl"], "nl"),  # Amharic is not offered (yet): Dutch
        (["uk"], "uk"),
        (["tr", "ku"], "tr"),
    ],
)
def test_the_invitation_sets_the_language_from_the_households_languages(
    coordinator, municipality, languages, expected, mailoutbox, django_capture_on_commit_callbacks
):
    refugee = ready_refugee(municipality=municipality, languages=languages)
    with django_capture_on_commit_callbacks(execute=True):
        refugee_account_invite(
            refugee=refugee,
            email="nieuw-huishouden@example.org",
            first_name="Amal",
            last_name="",
            by=coordinator,
        )
    user = User.objects.get(email="nieuw-huishouden@example.org")
    assert user.language == expected
    with translation.override(expected):
        subject = translation.gettext("Uitnodiging voor Samen Hier")
    assert mailoutbox[-1].subject.endswith(subject)


def test_an_administrator_can_withhold_a_language(
    coordinator, municipality, settings, django_capture_on_commit_callbacks
):
    settings.SAMENHIER_HOUSEHOLD_LANGUAGES = ["fa", "uk"]  # Arabic not reviewed yet
    refugee = ready_refugee(municipality=municipality, languages=["ar"])
    with django_capture_on_commit_callbacks(execute=True):
        refugee_account_invite(
            refugee=refugee,
            email="wacht@example.org",
            first_name="Amal",
            last_name="",
            by=coordinator,
        )
    assert User.objects.get(email="wacht@example.org").language == "nl"
    html = Client().get(reverse("account_login")).content.decode()
    assert 'value="fa"' in html
    assert 'value="uk"' in html
    assert 'value="ar"' not in html
    assert 'value="ti"' not in html


def test_a_household_switches_its_language_in_one_tap_and_keeps_it(refugee_user):
    client = Client()
    client.force_login(refugee_user)
    home = client.get(reverse("home")).content.decode()
    # The switch is on the page, every language named in itself, one button each.
    for code, name in (("ar", "العربيّة"), ("fa", "فارسی"), ("ti", "ትግርኛ"), ("uk", "Українська")):
        assert f'value="{code}" lang="{code}"' in home
        assert name in home
    response = client.post(reverse("set_language"), {"language": "ti", "next": "/"})
    assert response.status_code == 302
    refugee_user.refresh_from_db()
    assert refugee_user.language == "ti"
    # A new session (another phone) opens in Tigrinya too: the account remembers.
    other = Client()
    other.force_login(refugee_user)
    assert '<html lang="ti" dir="ltr">' in other.get(reverse("home")).content.decode()


def test_the_accounts_language_wins_over_a_cookie(refugee_user):
    refugee_user.language = "fa"
    refugee_user.save(update_fields=["language"])
    client = Client()
    client.cookies["django_language"] = "uk"
    client.force_login(refugee_user)
    assert '<html lang="fa" dir="rtl">' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["coordinator", "group_member", "community_builder", "staff"])
def test_staff_and_volunteers_stay_in_dutch_or_english(request, role):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert 'value="ar"' not in page
    assert 'value="en"' in page
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/meldingen/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""  # refused: the account is unchanged
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("notifications")).content.decode()
    assert '<html lang="nl" dir="ltr">' in html


def test_someone_signed_out_may_choose_a_household_language():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/account/login/"})
    assert response.status_code == 302
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول إلى Samen Hier" in html


def test_a_notice_reaches_the_household_in_its_language_whoever_starts_the_year(
    coordinator, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    """The coordinator works in Dutch; the household reads Ukrainian, in the app and in
    the e-mail. The group's members get theirs in Dutch."""
    refugee = ready_refugee(municipality=municipality, languages=["uk"])
    user = household_user(refugee, language_code="uk")
    match = MatchFactory(
        refugee=refugee, group=ready_group(municipality=municipality), status=Match.Status.ACCEPTED
    )
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        match_transition(
            match=match,
            to=Match.Status.ACTIVE,
            by=coordinator,
            on=timezone.localdate() - datetime.timedelta(days=1),
        )
    notice = Notification.objects.get(recipient=user)
    assert notice.language == "uk"
    assert notice.text_own.startswith("Ваш рік із")
    mail = next(m for m in mailoutbox if m.to == [user.email])
    assert "Ваш рік із" in mail.subject
    assert "Ваш рік із" in mail.body
    assert "begonnen" not in mail.body  # no Dutch in it
    member = match.group.memberships.first().user
    member_notice = Notification.objects.get(recipient=member)
    assert member_notice.text_own == ""
    assert "begonnen" in member_notice.text_nl
    client = Client()
    client.force_login(user)
    assert "Ваш рік із" in client.get(reverse("notifications")).content.decode()


def test_the_password_reset_mail_is_in_the_accounts_language(mailoutbox, municipality):
    _trajectory, user = running_year(municipality, language_code="tr")
    client = Client()  # the page in Dutch: whoever asks, the mail follows the account
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert mailoutbox[-1].subject == "[Samen Hier] Yeni bir şifre seçmek"
    assert "Biri Samen Hier hesabınız için yeni bir şifre istedi." in mailoutbox[-1].body


def test_tigrinya_dates_have_their_own_month_names(db):
    from django.utils.formats import date_format

    with translation.override("ti"):
        assert date_format(datetime.date(2027, 3, 9), "j F Y") == "9 መጋቢት 2027"
        assert translation.get_language_info("ti")["name_local"] == "ትግርኛ"


def test_signing_in_greets_a_household_in_its_own_language(refugee_user):
    """The sign-in page is in the visitor's language (Dutch for someone new); the page
    after it, and its greeting, in the account's."""
    from ..factories import PASSWORD

    refugee_user.language = "ar"
    refugee_user.set_password(PASSWORD)
    refugee_user.save(update_fields=["language", "password"])
    response = Client().post(
        reverse("account_login"),
        {"login": refugee_user.email, "password": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        greeting = translation.gettext("Je bent ingelogd.")
    assert greeting != "Je bent ingelogd."
    assert greeting in html
    assert "Je bent ingelogd." not in html
