"""The programme's workbook: one sheet per kind of record, its columns, what each means.

The template, the explanation sheet, the reader and the export are all made from these
lists, so the four cannot drift apart (docs/architecture.md, "Bringing a programme in").
"""

from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, WelcomeGroup
from matching.models import Match, Milestone, NetworkIntroduction, SelfRelianceScore
from refugees.models import HouseholdMember, HouseholdPreference, Refugee
from samenhier.models import Variant

from .models import Kind


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # text, email, date, bool, decimal, whole, one (a list's value), many (several),
    # ref (another sheet's reference), refs (several), household_members, goals
    kind: str = "text"
    required: bool = False
    explanation: str = ""
    example: object = ""
    # For one/many: the list the value comes from; for ref/refs: the kind referred to.
    source: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    kind: str  # Kind, or "" for a sheet whose rows are keyed by their columns
    title: str
    explanation: str
    columns: tuple[Column, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


REFERENCE = _(
    "Jullie eigen referentie voor deze rij (bijvoorbeeld uit het oude bestand); blijft "
    "altijd hetzelfde, zodat opnieuw inlezen niets dubbel maakt."
)
INTRODUCTION_COLUMNS = tuple(
    Column(
        f"introductions_{kind}",
        format_lazy("{}: {}", _("introducties"), NetworkIntroduction.Kind(kind).label),
        "whole",
        explanation=_("Hoeveel mensen van deze soort uit het netwerk de groep erbij haalde."),
        example=1 if kind == NetworkIntroduction.Kind.EMPLOYER else "",
    )
    for kind in NetworkIntroduction.Kind.values
)

HOUSEHOLDS = Sheet(
    "households",
    Kind.HOUSEHOLD,
    _("Huishoudens"),
    _("Eén rij per huishouden, met de hoofdpersoon als contact."),
    (
        Column(
            "reference", _("referentie"), required=True, explanation=REFERENCE, example="HH-001"
        ),
        Column(
            "municipality",
            _("gemeente"),
            "one",
            True,
            _("De gemeente waar het huishouden woont."),
            "Den Haag",
            "municipality",
        ),
        Column(
            "variant",
            _("programmavariant"),
            "one",
            explanation=_("welkomgroep of sponsorgroep; leeg is welkomgroep."),
            example="welkomgroep",
            source="variant",
        ),
        Column(
            "first_name",
            _("voornaam"),
            required=True,
            explanation=_("Voornaam van de hoofdpersoon."),
            example="Amal",
        ),
        Column("last_name", _("achternaam"), example="Haddad"),
        Column("birth_year", _("geboortejaar"), "whole", example=1988),
        Column("email", _("e-mailadres"), "email", example=""),
        Column("phone", _("telefoon"), example=""),
        Column(
            "household_members",
            _("gezinsleden"),
            "household_members",
            explanation=_(
                "De andere gezinsleden: naam (relatie, geboortejaar), gescheiden door een "
                "puntkomma. Relatie: partner, kind, ouder of ander familielid."
            ),
            example="Omar (partner, 1985); Sara (kind, 2016)",
        ),
        Column(
            "languages",
            _("talen"),
            "many",
            explanation=_("De talen die het huishouden spreekt, gescheiden door een komma."),
            example="Arabisch, Engels",
            source="language",
        ),
        Column("interpreter_available", _("tolk beschikbaar"), "bool", example="nee"),
        Column(
            "accepts_neighbouring_municipality", _("buurgemeente akkoord"), "bool", example="nee"
        ),
        Column(
            "goals",
            _("doelen per levensgebied"),
            "goals",
            explanation=_(
                "Per levensgebied het doel: levensgebied (prioriteit): doel, gescheiden door "
                "een puntkomma. Prioriteit laag, gemiddeld of hoog; leeg is gemiddeld."
            ),
            example="Werk (hoog): een baan in de zorg; Taal: B1 halen",
        ),
        Column(
            "preferences",
            _("voorkeuren"),
            "many",
            explanation=_("Wensen over de groep."),
            example="groep met kinderen",
            source="preference",
        ),
        Column(
            "required_preferences",
            _("vereiste voorkeuren"),
            "many",
            explanation=_("Wensen zonder welke een koppeling niet kan."),
            example="",
            source="preference",
        ),
        Column(
            "consent_given_on",
            _("toestemming gegeven op"),
            "date",
            explanation=_(
                "Wanneer het huishouden toestemming gaf voor de verwerking van persoonsgegevens."
            ),
            example="10-01-2025",
        ),
        Column("intake_date", _("intakedatum"), "date", True, example="10-01-2025"),
        Column(
            "waiting_since",
            _("wacht sinds"),
            "date",
            explanation=_("Leeg is de intakedatum."),
            example="10-01-2025",
        ),
        Column(
            "status",
            _("status"),
            "one",
            explanation=_("Leeg is intake."),
            example="gekoppeld",
            source="household_status",
        ),
    ),
)

GROUPS = Sheet(
    "groups",
    Kind.GROUP,
    _("Groepen"),
    _("Eén rij per welkomgroep."),
    (
        Column(
            "reference", _("referentie"), required=True, explanation=REFERENCE, example="WG-001"
        ),
        Column("name", _("naam"), required=True, example="Welkomgroep Zeeheldenkwartier"),
        Column(
            "municipality", _("gemeente"), "one", True, example="Den Haag", source="municipality"
        ),
        Column(
            "variant",
            _("programmavariant"),
            "one",
            explanation=_("welkomgroep of sponsorgroep; leeg is welkomgroep."),
            example="welkomgroep",
            source="variant",
        ),
        Column(
            "capacity",
            _("capaciteit"),
            "whole",
            explanation=_("Hoeveel huishoudens de groep tegelijk begeleidt; leeg is 1."),
            example=1,
        ),
        Column("intake_interview_on", _("intakegesprek op"), "date", example="01-12-2024"),
        Column("start_training_on", _("starttraining op"), "date", example="15-12-2024"),
        Column(
            "status",
            _("status"),
            "one",
            explanation=_("Leeg is in oprichting."),
            example="gekoppeld",
            source="group_status",
        ),
    ),
)

MEMBERS = Sheet(
    "members",
    Kind.MEMBER,
    _("Groepsleden"),
    _(
        "Eén rij per lid van een groep. Een account krijgt geen wachtwoord: het lid "
        "kiest dat zelf via een uitnodiging."
    ),
    (
        Column(
            "reference", _("referentie"), required=True, explanation=REFERENCE, example="WG-001-1"
        ),
        Column(
            "group",
            _("groep"),
            "ref",
            True,
            _("De referentie van de groep op het blad Groepen."),
            "WG-001",
            Kind.GROUP,
        ),
        Column("email", _("e-mailadres"), "email", True, example="jan.devries@example.org"),
        Column("first_name", _("voornaam"), example="Jan"),
        Column("last_name", _("achternaam"), example="de Vries"),
        Column(
            "is_contact",
            _("contactpersoon"),
            "bool",
            explanation=_("ja voor de contactpersoon van de groep (één per groep)."),
            example="ja",
        ),
        Column("languages", _("talen"), "many", example="Nederlands, Engels", source="language"),
        Column(
            "joined_on",
            _("lid sinds"),
            "date",
            explanation=_("Leeg is vandaag."),
            example="01-12-2024",
        ),
        Column(
            "participant_statement_signed_on",
            _("deelnemersverklaring getekend op"),
            "date",
            example="05-12-2024",
        ),
        Column(
            "vog_status",
            _("VOG-status"),
            "one",
            explanation=_("Leeg is niet aangevraagd."),
            example="geldig",
            source="vog_status",
        ),
        Column(
            "vog_valid_until",
            _("VOG geldig tot"),
            "date",
            explanation=_("Verplicht bij een geldige VOG."),
            example="05-12-2027",
        ),
    ),
)

MATCHES = Sheet(
    "matches",
    Kind.MATCH,
    _("Koppelingen"),
    _("Eén rij per koppeling van een huishouden met een groep."),
    (
        Column("reference", _("referentie"), required=True, explanation=REFERENCE, example="K-001"),
        Column(
            "household",
            _("huishouden"),
            "ref",
            True,
            _("De referentie op het blad Huishoudens."),
            "HH-001",
            Kind.HOUSEHOLD,
        ),
        Column(
            "group",
            _("groep"),
            "ref",
            True,
            _("De referentie op het blad Groepen."),
            "WG-001",
            Kind.GROUP,
        ),
        Column("status", _("status"), "one", True, example="actief", source="match_status"),
        Column(
            "start_date",
            _("startdatum"),
            "date",
            explanation=_("Verplicht vanaf actief: de eerste dag van het jaar."),
            example="01-02-2025",
        ),
        Column(
            "end_date",
            _("einddatum"),
            "date",
            explanation=_(
                "Verplicht bij afgerond en voortijdig beëindigd; niet voor de startdatum."
            ),
            example="",
        ),
        Column(
            "persons",
            _("aantal personen"),
            "whole",
            explanation=_(
                "Verplicht vanaf actief: de grootte van het huishouden toen het jaar begon "
                "(ten minste 1)."
            ),
            example=3,
        ),
        Column(
            "end_reason",
            _("reden van beëindiging"),
            "one",
            explanation=_("Verplicht bij voortijdig beëindigd."),
            example="",
            source="end_reason",
        ),
        Column(
            "follow_up_contact",
            _("contact na het jaar"),
            "one",
            explanation=_(
                "Bij een beëindigde koppeling waarvan de opvolging (drie maanden na het jaar) "
                "is ingevuld: of de groep en het huishouden nog contact hebben."
            ),
            example="",
            source="follow_up_contact",
        ),
        Column(
            "follow_up_on",
            _("opvolging ingevuld op"),
            "date",
            explanation=_(
                "De dag waarop de opvolging is ingevuld; hoort bij ‘contact na het jaar’."
            ),
            example="",
        ),
    ),
)

ACTIVITIES = Sheet(
    "activities",
    Kind.ACTIVITY,
    _("Activiteiten"),
    _("Eén rij per activiteit van een groep met of voor het huishouden, tijdens het jaar."),
    (
        Column(
            "reference", _("referentie"), required=True, explanation=REFERENCE, example="A-0001"
        ),
        Column(
            "match",
            _("koppeling"),
            "ref",
            True,
            _("De referentie op het blad Koppelingen."),
            "K-001",
            Kind.MATCH,
        ),
        Column("date", _("datum"), "date", True, example="15-02-2025"),
        Column(
            "hours",
            _("uren"),
            "decimal",
            True,
            _("Hoe lang, in uren (1,5 is anderhalf uur); meer dan 0 en ten hoogste 24."),
            "1,5",
        ),
        Column(
            "life_domains",
            _("levensgebieden"),
            "many",
            True,
            example="Werk, Taal",
            source="life_domain",
        ),
        Column(
            "members_present",
            _("aanwezige groepsleden"),
            "refs",
            True,
            _("De referenties op het blad Groepsleden, gescheiden door een komma."),
            "WG-001-1",
            Kind.MEMBER,
        ),
        *INTRODUCTION_COLUMNS,
        Column(
            "description",
            _("omschrijving"),
            explanation=_("Kort en zonder privégegevens van het huishouden."),
            example="Samen naar het werkplein",
        ),
    ),
)

SCORES = Sheet(
    "scores",
    "",
    _("Zelfredzaamheid"),
    _("Eén rij per score: een koppeling, een levensgebied en een moment zijn samen de sleutel."),
    (
        Column(
            "match",
            _("koppeling"),
            "ref",
            True,
            _("De referentie op het blad Koppelingen."),
            "K-001",
            Kind.MATCH,
        ),
        Column("life_domain", _("levensgebied"), "one", True, example="Werk", source="life_domain"),
        Column("moment", _("moment"), "one", True, example="kennismaking", source="score_moment"),
        Column(
            "score",
            _("score"),
            "whole",
            True,
            _("1 = acute problemen, 5 = volledig zelfredzaam."),
            2,
        ),
    ),
)

# In the order they are read and written: a sheet refers only to the sheets before it.
SHEETS = (HOUSEHOLDS, GROUPS, MEMBERS, MATCHES, ACTIVITIES, SCORES)
BY_KEY = {sheet.key: sheet for sheet in SHEETS}

# The fixed lists a column's values come from (the database's lists are added per import).
CHOICES = {
    "variant": Variant,
    "household_status": Refugee.Status,
    "group_status": WelcomeGroup.Status,
    "vog_status": Membership.VogStatus,
    "match_status": Match.Status,
    "end_reason": Match.EndReason,
    "preference": HouseholdPreference.Kind,
    "relation": HouseholdMember.Relation,
    "score_moment": SelfRelianceScore.Moment,
    "follow_up_contact": Milestone.Contact,
}
