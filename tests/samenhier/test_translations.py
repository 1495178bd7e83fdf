"""Dutch is the source language; the English catalogue must be complete and compiled."""

from pathlib import Path

import polib
from django.utils import translation

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
