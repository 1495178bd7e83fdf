"""The Social Handprint's indicators: what each figure is called, its unit, its SDG, and
its definition in words — the one text that the evidence pages, the report's method page
and the spreadsheet's method sheet all show (docs/architecture.md, "Evidence").

How each is computed lives in `aggregates.py` (docs/architecture.md, "Figures");
a plain-Python reference of every formula lives in the tests.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The version of the definitions below: raise it whenever a definition's meaning changes,
# so that every report says which definitions made its figures.
DEFINITIONS_VERSION = "2026.3"

# The rules every figure shares, said once.
PERIOD_RULE = _(
    "Een periode loopt van de eerste dag tot en met de laatste. Een jaar van een koppeling "
    "telt vanaf de startdatum tot de einddatum, of zolang het loopt tot vandaag (en nooit "
    "na de geplande einddatum). Alleen de dagen, activiteiten en scores binnen de periode "
    "tellen mee, in de gemeente waar het jaar liep."
)
NEVER_COUNTED = _(
    "Nooit meegeteld: voorgestelde, geaccepteerde en afgewezen koppelingen (alleen "
    "koppelingen die echt begonnen tellen), activiteiten buiten de periode, en gegevens "
    "van huishoudens die nog wachten."
)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str  # the indicator, as in the published "Indicator / Effect / Aantal" cards
    effect: str  # what it measures
    unit: str
    sdg: int
    target: str  # the SDG target it reports on
    counts: str = ""  # what it counts and how: the formula in words
    not_counted: str = ""  # what does not count, besides NEVER_COUNTED
    rests_on: tuple = ()  # the records behind it (RECORDS keys)
    additive: bool = True  # do its parts (municipalities, months) add up to it?
    per_month: bool = True  # can it be split per month?

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
        counts=_(
            "Voor elk jaar van een koppeling: het aantal personen van het huishouden maal het "
            "aantal dagen van dat jaar binnen de periode; opgeteld over alle jaren."
        ),
        not_counted=_("Dagen voor de start en na het einde van een jaar tellen niet."),
        rests_on=("years", "persons"),
    ),
    Indicator(
        "refugees_supported",
        _("Ondersteunde nieuwkomers"),
        _("nieuwkomers met een welkomgroep"),
        _("personen"),
        10,
        "10.2",
        counts=_(
            "De personen van de huishoudens met een jaar dat ten minste één dag in de "
            "periode ligt. Elk jaar telt één keer, hoe lang het ook in de periode ligt."
        ),
        not_counted=_("Een jaar dat eindigde voor de periode begon, telt niet."),
        rests_on=("years", "persons"),
        additive=False,
    ),
    Indicator(
        "new_matches",
        _("Nieuwe koppelingen"),
        _("koppelingen die begonnen"),
        _("koppelingen"),
        10,
        "10.7",
        counts=_("De koppelingen waarvan het jaar in de periode begon."),
        not_counted=_("Koppelingen die al voor de periode begonnen, tellen niet."),
        rests_on=("years",),
    ),
    Indicator(
        "active_groups",
        _("Actieve welkomgroepen"),
        _("groepen met een lopend traject"),
        _("groepen"),
        17,
        "17.17",
        counts=_(
            "De welkomgroepen met een jaar dat ten minste één dag in de periode ligt; elke "
            "groep één keer."
        ),
        not_counted=_("Groepen die nog in vorming zijn of wachten op een koppeling."),
        rests_on=("years", "groups"),
        additive=False,
        per_month=False,
    ),
    Indicator(
        "active_volunteers",
        _("Actieve vrijwilligers"),
        _("groepsleden met ten minste één activiteit"),
        _("personen"),
        17,
        "17.17",
        counts=_(
            "De groepsleden die bij ten minste één activiteit in de periode aanwezig waren; "
            "elk lid één keer, ook als het in meer groepen of maanden actief was."
        ),
        not_counted=_("Leden die in de periode bij geen enkele activiteit aanwezig waren."),
        rests_on=("logs", "volunteers"),
        additive=False,
    ),
    Indicator(
        "volunteer_hours",
        _("Vrijwillige inzet"),
        _("uren vrijwilligerswerk"),
        _("uren"),
        10,
        "10.2",
        counts=_(
            "Voor elke activiteit in de periode: de uren maal het aantal aanwezige "
            "groepsleden; opgeteld over alle activiteiten."
        ),
        not_counted=_("Uren zonder vastgelegde activiteit (het portaal telt wat is gelogd)."),
        rests_on=("logs", "volunteers"),
    ),
    Indicator(
        "network_involvement",
        _("Betrokkenheid van het netwerk"),
        _("groepen die mensen uit hun netwerk betrekken"),
        _("%"),
        17,
        "17.17",
        counts=_(
            "Het aandeel van de actieve welkomgroepen dat in de periode ten minste één "
            "persoon uit het eigen netwerk voorstelde aan het huishouden (een introductie bij "
            "een activiteit)."
        ),
        not_counted=_("Introducties bij activiteiten buiten de periode."),
        rests_on=("groups", "introductions"),
        additive=False,
        per_month=False,
    ),
    Indicator(
        "introductions",
        _("Introducties uit het netwerk"),
        _("mensen uit het netwerk van de groep voorgesteld"),
        _("introducties"),
        8,
        "8.5",
        counts=_(
            "Het aantal introducties (mensen uit het netwerk van de groep die het huishouden "
            "leerde kennen) bij activiteiten in de periode, per soort opgeteld."
        ),
        not_counted=_("Introducties bij activiteiten buiten de periode."),
        rests_on=("logs", "introductions"),
    ),
    Indicator(
        "self_reliance_gain",
        _("Groei zelfredzaamheid"),
        _("gemiddelde stijging van eind- ten opzichte van beginscore (1–5)"),
        _("punten"),
        10,
        "10.2",
        counts=_(
            "Voor elk jaar in de periode en elk levensgebied met een score bij de "
            "kennismaking én bij de eindevaluatie (1 tot 5): eindscore min beginscore; "
            "het gemiddelde over al die paren."
        ),
        not_counted=_(
            "Jaren en levensgebieden met maar één van de twee scores; de tussenevaluatie."
        ),
        rests_on=("scored_years", "persons"),
        additive=False,
        per_month=False,
    ),
    Indicator(
        "activities",
        _("Activiteiten"),
        _("activiteiten van de groepen met of voor het huishouden"),
        _("activiteiten"),
        10,
        "10.2",
        counts=_(
            "Het aantal activiteiten van de welkomgroepen met of voor het huishouden in de "
            "periode. Per levensgebied telt een activiteit met twee levensgebieden bij beide."
        ),
        not_counted=_("Activiteiten buiten de periode."),
        rests_on=("logs",),
    ),
    Indicator(
        "municipalities_active",
        _("Actieve gemeenten"),
        _("gemeenten met een lopend traject"),
        _("gemeenten"),
        11,
        "11.3",
        counts=_("De gemeenten met ten minste één jaar dat een dag in de periode ligt."),
        not_counted=_("Gemeenten waar alleen nog huishoudens of groepen wachten."),
        rests_on=("years",),
        additive=False,
        per_month=False,
    ),
    Indicator(
        "contact_after_year",
        _("Contact na het jaar"),
        _("afgeronde jaren waarin het contact doorloopt"),
        _("%"),
        10,
        "10.2",
        counts=_(
            "Van de jaren die in de periode werden afgerond en waarvan de opvolging (drie "
            "maanden na het jaar) is ingevuld: het aandeel waarin de groep en het huishouden "
            "nog contact hebben — ze spreken af, houden contact via berichten of telefoon, "
            "of zien elkaar af en toe."
        ),
        not_counted=_(
            "Jaren die voortijdig stopten; afgeronde jaren waarvan de opvolging nog niet is "
            "ingevuld."
        ),
        rests_on=("followed_up", "followed_up_persons"),
        additive=False,
        per_month=False,
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# The records an indicator rests on, as the evidence pages name them.
RECORDS = {
    "years": _("jaren van koppelingen"),
    "persons": _("personen in die huishoudens"),
    "groups": _("welkomgroepen"),
    "logs": _("vastgelegde activiteiten"),
    "volunteers": _("aanwezige groepsleden"),
    "introductions": _("introducties"),
    "scored_years": _("jaren met een begin- en eindscore"),
    "followed_up": _("afgeronde jaren met een ingevulde opvolging"),
    "followed_up_persons": _("personen in de huishoudens van die jaren"),
}

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
# Two official colours read alike (SDG 4's red and SDG 8's dark red): the wheel draws the
# second with white stripes, so no segment is told apart by its colour alone.
STRIPED_SDGS = frozenset({8})
EVERY_ACTIVITY_SDG = 10  # every activity reduces inequality
