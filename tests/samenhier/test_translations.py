"""Dutch is the source language; the English catalogue must be complete and compiled."""

import re
from pathlib import Path

import polib
from django.urls import reverse
from django.utils import translation

from samenhier.roles import Role

from ..factories import UserFactory

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_every_message_has_an_english_translation():
    catalogue = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    compiled = polib.mofile(str(LOCALE / "en/LC_MESSAGES/django.mo"))
    assert {e.msgid for e in source.translated_entries()} == {e.msgid for e in compiled}


def test_it_translates_a_status_into_english():
    from matching.models import Match

    with translation.override("en"):
        assert str(Match.Status.ENDED_EARLY.label) == "ended early"
    with translation.override("nl"):
        assert str(Match.Status.ENDED_EARLY.label) == "voortijdig beëindigd"


FORMAL = re.compile(r"\b(u|uw|uzelf|heeft u|kunt u|wilt u|bent u)\b", re.IGNORECASE)


def test_the_app_says_je_everywhere_in_dutch():
    """One form of address: informal "je", in the project's own texts (the source of
    the English catalogue) and in the Dutch fixes of third-party texts."""
    own = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    formal = [e.msgid for e in own if FORMAL.search(e.msgid)]
    for domain in ("django", "djangojs"):
        fixes = polib.pofile(str(LOCALE / f"nl/LC_MESSAGES/{domain}.po"))
        formal += [e.msgstr for e in fixes if FORMAL.search(e.msgstr)]
    assert formal == []


def test_third_party_pages_say_je_in_dutch():
    with translation.override("nl"):
        assert translation.gettext("Are you sure?") == "Weet je het zeker?"
        assert "u " not in translation.gettext("Your password was changed.")


def test_the_re_authentication_code_page_names_its_field_in_the_pages_language(client, db):
    """allauth names the field by its English name ("Recipient") on every page."""
    from allauth.account.models import EmailAddress
    from django.conf import settings

    from ..factories import UserFactory

    user = UserFactory()
    # The code goes to a verified address (the demo's and invited accounts have one).
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    html = client.get("/account/reauthenticate/code/").content.decode()
    assert "Recipient" not in html
    assert "Stuur de code naar" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Send the code to" in client.get("/account/reauthenticate/code/").content.decode()


def test_the_admins_choosers_speak_dutch(client, db):
    """ "Choose … by selecting them" under the admin's two-box choosers on Dutch pages."""
    client.force_login(UserFactory(role=Role.COORDINATOR))
    js = client.get(reverse("admin:jsi18n")).content.decode()
    assert "Kies %s door ze te selecteren" in js
    assert "Verwijder %s door ze te selecteren" in js
