"""The Social Handprint's indicators: what each figure is called, its unit and its SDG.

How each is computed lives in `aggregates.py` (database queries, DESIGN.md's formulas);
a plain-Python reference of every formula lives in the tests.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str  # the indicator, as in the published "Indicator / Effect / Aantal" cards
    effect: str  # what it measures
    unit: str
    sdg: int
    target: str  # the SDG target it reports on

    def in_language(self, language: str) -> dict:
        """Name, effect and unit in one language (for exports and the JSON report)."""
        with translation.override(language):
            return {"name": str(self.name), "effect": str(self.effect), "unit": str(self.unit)}


INDICATORS = [
    Indicator(
        "reception_days",
        _("Vluchtelingenopvang"),
        _("dagen vluchtelingenopvang"),
        _("dagen"),
        10,
        "10.7",
    ),
    Indicator(
        "refugees_supported",
        _("Ondersteunde nieuwkomers"),
        _("nieuwkomers met een welkomgroep"),
        _("personen"),
        10,
        "10.2",
    ),
    Indicator(
        "new_matches",
        _("Nieuwe koppelingen"),
        _("koppelingen die begonnen"),
        _("koppelingen"),
        10,
        "10.7",
    ),
    Indicator(
        "active_groups",
        _("Actieve welkomgroepen"),
        _("groepen met een lopend traject"),
        _("groepen"),
        17,
        "17.17",
    ),
    Indicator(
        "active_volunteers",
        _("Actieve vrijwilligers"),
        _("groepsleden met ten minste één activiteit"),
        _("personen"),
        17,
        "17.17",
    ),
    Indicator(
        "volunteer_hours",
        _("Vrijwillige inzet"),
        _("uren vrijwilligerswerk"),
        _("uren"),
        10,
        "10.2",
    ),
    Indicator(
        "network_involvement",
        _("Betrokkenheid van het netwerk"),
        _("groepen die mensen uit hun netwerk betrekken"),
        _("%"),
        17,
        "17.17",
    ),
    Indicator(
        "introductions",
        _("Introducties uit het netwerk"),
        _("mensen uit het netwerk van de groep voorgesteld"),
        _("introducties"),
        8,
        "8.5",
    ),
    Indicator(
        "self_reliance_gain",
        _("Groei zelfredzaamheid"),
        _("gemiddelde stijging van eind- ten opzichte van beginscore (1–5)"),
        _("punten"),
        10,
        "10.2",
    ),
    Indicator(
        "activities",
        _("Activiteiten"),
        _("activiteiten per levensgebied"),
        _("activiteiten"),
        10,
        "10.2",
    ),
    Indicator(
        "municipalities_active",
        _("Actieve gemeenten"),
        _("gemeenten met een lopend traject"),
        _("gemeenten"),
        11,
        "11.3",
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

SDG_NAMES = {
    3: _("Goede gezondheid en welzijn"),
    4: _("Kwaliteitsonderwijs"),
    8: _("Waardig werk en economische groei"),
    10: _("Ongelijkheid verminderen"),
    11: _("Duurzame steden en gemeenschappen"),
    17: _("Partnerschap om doelstellingen te bereiken"),
}
# Official SDG colours, for the wheel (text always has its own label and table).
SDG_COLOURS = {
    3: "#4C9F38",
    4: "#C5192D",
    8: "#A21942",
    10: "#DD1367",
    11: "#FD9D24",
    17: "#19486A",
}
EVERY_ACTIVITY_SDG = 10  # every activity reduces inequality (DESIGN.md)
