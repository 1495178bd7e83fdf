"""The demo's fixed words: logins, cities, fictional names and texts (clearly made up)."""

from samenhier.roles import Role

DEMO_PASSWORD = "Welkom-samen-2026"  # noqa: S105 - printed for the demo on purpose
# The second factor of the demo's staff accounts (base32, for an authenticator app; or
# `manage.py demo_code EMAIL` prints the current code). Demo only, printed on purpose.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "demo.samenhier.nl"
TARGET_RECEPTION_DAYS = 20_000

# Demo logins, one per role (copy 0), and a second household in its own language.
DEMO_LOGINS = [
    (Role.COORDINATOR, f"coordinator@{DEMO_DOMAIN}", "Cor", "Dinator (demo)"),
    (Role.COORDINATOR, f"coordinator.utrecht@{DEMO_DOMAIN}", "Ute", "Recht (demo)"),
    (Role.COMMUNITY_BUILDER, f"communitybuilder@{DEMO_DOMAIN}", "Bouke", "Bouwer (demo)"),
    (Role.PROGRAMME_STAFF, f"staff@{DEMO_DOMAIN}", "Stef", "Programma (demo)"),
    (Role.GROUP_MEMBER, f"groepslid@{DEMO_DOMAIN}", "Gea", "Groepslid (demo)"),
    (Role.REFUGEE, f"nieuwkomer@{DEMO_DOMAIN}", "Amal", "Voorbeeld (demo)"),
    # A second household, whose account reads Arabic (right to left).
    (Role.REFUGEE, f"nieuwkomer.arabisch@{DEMO_DOMAIN}", "Layla", "Voorbeeld (demo)"),
    (Role.ADMINISTRATOR, f"beheer@{DEMO_DOMAIN}", "Bea", "Beheer (demo)"),
]

CITIES = [
    # name, partner, (lat, lon) of the centre
    ("Den Haag", "Stichting Welkom Den Haag (demo)", (52.0705, 4.3007)),
    ("Utrecht", "Samen Utrecht (demo)", (52.0907, 5.1214)),
    ("Rotterdam", "Rotterdam Verwelkomt (demo)", (51.9244, 4.4777)),
    ("Haarlem", "Haarlem Heet Welkom (demo)", (52.3874, 4.6462)),
]

MEMBER_FIRST = [
    "Anne",
    "Bas",
    "Carla",
    "Daan",
    "Els",
    "Frits",
    "Greet",
    "Hugo",
    "Ineke",
    "Joost",
    "Karin",
    "Lars",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sjoerd",
    "Tineke",
    "Umar",
    "Vera",
    "Wim",
    "Yara",
    "Zeger",
    "Lotte",
    "Maarten",
    "Noor",
    "Ruben",
]
MEMBER_LAST = [
    "Proefmans",
    "Voorbeeldt",
    "de Testera",
    "Fictiefsma",
    "van Demohoven",
    "Schijnsma",
    "Verzonnen",
    "de Bedachte",
    "Probeerstra",
    "van Oefenburg",
]
HOUSEHOLD_FIRST = [
    "Amal",
    "Bilal",
    "Dawit",
    "Farah",
    "Hamid",
    "Iryna",
    "Jamal",
    "Khadija",
    "Lina",
    "Mariam",
    "Nour",
    "Omar",
    "Rahel",
    "Samir",
    "Tesfay",
    "Yasmin",
    "Zahra",
    "Ali",
    "Hiba",
    "Kidane",
    "Mahmoud",
    "Olena",
    "Rania",
    "Selam",
    "Yusuf",
]
HOUSEHOLD_LAST = ["Voorbeeld", "Fictief", "Demo", "Proef", "Bedacht"]
CHILD_FIRST = ["Adam", "Sara", "Yosef", "Maya", "Rami", "Lana", "Tim", "Noa", "Ilyas", "Dana"]
COUNTRIES = ["Syrië", "Eritrea", "Afghanistan", "Jemen", "Oekraïne", "Somalië", "Turkije"]
HOUSEHOLD_LANGS = ["ar", "ti", "fa", "prs", "so", "uk", "tr", "ku", "am"]
GOAL_TEXTS = {
    "language": "Nederlands oefenen in het dagelijks leven",
    "work": "Een baan of werkervaringsplek vinden",
    "education": "Een passende opleiding kiezen",
    "housing": "Wegwijs worden in de wijk en de woning",
    "health": "De weg vinden naar huisarts en sport",
    "finances": "Post en geldzaken zelf regelen",
    "social": "Mensen leren kennen in de buurt",
    "leisure": "Een club of vereniging vinden",
}
ACTIVITY_TEXTS = [
    "Samen boodschappen gedaan en prijzen vergeleken",
    "Oefengesprek voor een sollicitatie",
    "Langs de bibliotheek en een taalcafé",
    "Post doorgenomen en een afspraak gemaakt",
    "Samen gekookt en gegeten",
    "Wandeling door de wijk, buurthuis bezocht",
    "Mee naar een informatieavond van school",
    "Fietsles in het park",
]

# The demo accounts' own language, where it is not Dutch.
DEMO_LANGUAGES = {f"nieuwkomer.arabisch@{DEMO_DOMAIN}": "ar"}
