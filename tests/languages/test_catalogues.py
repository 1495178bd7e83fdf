"""Honest translations: every message a household reads is translated in each household
language, nothing fuzzy, placeholders kept; each catalogue says whether a native speaker
reviewed it; the glossary of the programme's words is there for each language."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from samenhier import reference
from samenhier.languages import HOUSEHOLD_MARK, HOUSEHOLD_SOURCES, REFERENCE_NAMES

from .household import HOUSEHOLD_LANGUAGES

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>")
# Plural forms per language (CLDR): how many forms each catalogue must declare.
PLURALS = {"ar": 6, "fa": 2, "ti": 2, "uk": 3, "tr": 2}


def household_entries(catalogue):
    return [
        entry
        for entry in catalogue
        if any(path.startswith(HOUSEHOLD_SOURCES) for path, _line in entry.occurrences)
        or HOUSEHOLD_MARK in (entry.comment or "")
    ]


@pytest.fixture(scope="module", params=HOUSEHOLD_LANGUAGES)
def catalogue(request):
    return request.param, polib.pofile(str(LOCALE / request.param / "LC_MESSAGES/django.po"))


def test_it_translates_every_household_message(catalogue):
    language, po = catalogue
    entries = household_entries(po)
    # The household's pages, e-mails and notices: some 250 messages (checked by hand).
    assert len(entries) > 200
    missing = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert (language, missing, fuzzy) == (language, [], [])


def test_each_translation_keeps_the_placeholders_and_markup(catalogue):
    language, po = catalogue
    broken = []
    for e in household_entries(po):
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                broken.append(e.msgid)
    assert broken == []


def test_each_catalogue_says_whether_a_native_speaker_reviewed_it(catalogue):
    language, po = catalogue
    assert po.metadata["Language"] == language
    assert po.metadata["X-Native-Speaker-Review"] in ("yes", "no")
    said = "yes" if "Native-speaker review: YES" in po.header else "no"
    assert said == po.metadata["X-Native-Speaker-Review"]
    nplurals = re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1)
    assert int(nplurals) == PLURALS[language]


def test_the_readme_says_the_same_of_each_catalogue():
    readme = (ROOT / "README.md").read_text()
    for language in HOUSEHOLD_LANGUAGES:
        po = polib.pofile(str(LOCALE / language / "LC_MESSAGES/django.po"))
        reviewed = po.metadata["X-Native-Speaker-Review"]
        assert f"| `{language}` |" in readme
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{language}` |"))
        assert ("not reviewed" in row) == (reviewed == "no")


def test_the_compiled_catalogue_matches_the_source(catalogue):
    language, po = catalogue
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES/django.mo"))
    key = lambda e: (e.msgctxt, e.msgid)  # noqa: E731
    assert {key(e) for e in po.translated_entries()} == {key(e) for e in compiled}


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_a_glossary_gives_the_programmes_words(language):
    glossary = (LOCALE / language / "GLOSSARY.md").read_text()
    for word in ("gemeente", "welkomgroep", "community builder", "check-in", "coördinator"):
        assert f"| {word} |" in glossary, word
    assert "native speaker" in glossary


def test_every_household_source_exists():
    for path in HOUSEHOLD_SOURCES:
        assert (ROOT / path).exists(), path


def test_the_reference_names_are_all_in_the_catalogue_list():
    """Ties samenhier/reference.py to the list of names a household reads in its own
    language (samenhier/languages.py): a name added there must be added here."""
    with translation.override("nl"):  # Dutch: the names themselves
        listed = {str(name) for name in REFERENCE_NAMES}
    names = {nl for _code, nl, _en in reference.LANGUAGES}
    names |= {nl for _key, nl, _en, _sdg, _order in reference.LIFE_DOMAINS}
    names |= {nl for nl, _en in reference.INTERESTS}
    assert names == listed


def test_a_reference_name_reads_in_the_household_language(db):
    from samenhier.models import Language, LifeDomain

    turkish = Language.objects.get(code="tr")
    housing = LifeDomain.objects.get(key="housing")
    with translation.override("ar"):
        assert (turkish.name, housing.name) == ("التركية", "السكن")
    with translation.override("tr"):
        assert (turkish.name, housing.name) == ("Türkçe", "Barınma")
    with translation.override("nl"):
        assert (turkish.name, housing.name) == ("Turks", "Wonen")
