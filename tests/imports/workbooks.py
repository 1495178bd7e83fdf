"""Workbooks as people really fill them in, made with openpyxl for the import tests.

`messy_workbook` has every way of writing of the issue: dates as 15-01-2025, 15/1/2025,
2025-01-15 and Excel dates; ja / nee / x / empty; a decimal comma; names of
municipalities, languages, life domains, statuses and end reasons in Dutch or English, in
any case, with stray spaces; blank rows; and headers in another order than the template.
"""

import datetime
import io

from openpyxl import Workbook

# The sentinel that must never appear in a note, a log line or an audit value.
HOUSEHOLD_NAME = "Amal-SENTINEL-QWERTYUIOPASDFGHJKLZXCVB"

HOUSEHOLDS = [
    # Reordered against the template, Dutch and English headers mixed, any case.
    [
        "Status",
        "referentie",
        "Gemeente",
        "voornaam",
        "intakedatum",
        "wacht sinds",
        "talen",
        "gezinsleden",
        "toestemming gegeven op",
        "tolk beschikbaar",
        "doelen per levensgebied",
        "voorkeuren",
    ],
    [
        "afgerond",
        "HH-1",
        "  den haag ",
        HOUSEHOLD_NAME,
        "2024-12-01",
        "",
        "Arabisch,  english",
        "Omar (partner, 1985); Sara (kind, 2016)",
        "10-01-2025",
        "x",
        "werk (hoog): een baan in de zorg; Taal: B1 halen",
        "GROUP WITH CHILDREN",
    ],
    [None] * 12,  # a blank row
    [
        "Withdrawn",
        "HH-2",
        "Den Haag",
        "Berhane",
        "15/11/2024",
        "15/11/2024",
        "tigrinya",
        "",
        datetime.datetime(2024, 11, 20),
        "nee",
        "",
        "",
    ],
]

GROUPS = [
    [
        "naam",
        "referentie",
        "gemeente",
        "status",
        "capaciteit",
        "intakegesprek op",
        "starttraining op",
    ],
    ["Welkomgroep Duinoord", "WG-1", "Den Haag", "Afgerond", "1", "1-10-2024", "20/10/2024"],
    [
        "Welkomgroep Regentes",
        "WG-2",
        "den haag",
        "completed",
        "",
        "2024-10-02",
        datetime.date(2024, 10, 25),
    ],
]

MEMBERS = [
    [
        "e-mailadres",
        "referentie",
        "groep",
        "contactpersoon",
        "talen",
        "VOG-status",
        "VOG geldig tot",
        "deelnemersverklaring getekend op",
        "voornaam",
        "achternaam",
    ],
    [
        "an.jansen@example.org",
        "L-1",
        "WG-1",
        "x",
        "Nederlands",
        "geldig",
        "31-12-2026",
        "5-10-2024",
        "An",
        "Jansen",
    ],
    [
        "bo.pieters@example.org",
        "L-2",
        "WG-1",
        "",
        "nederlands, Engels",
        "Valid",
        datetime.datetime(2026, 6, 30),
        "2024-10-06",
        "Bo",
        "Pieters",
    ],
    ["cas.smit@example.org", "L-3", "WG-1", "nee", "Dutch", "aangevraagd", "", "", "Cas", "Smit"],
    [None, None, None, None, None, None, None, None, None, None],
    [
        "dewi.bakker@example.org",
        "L-4",
        "WG-2",
        "ja",
        "NL",
        "geldig",
        datetime.datetime(2027, 1, 31),
        "10/10/2024",
        "Dewi",
        "Bakker",
    ],
]

MATCHES = [
    [
        "huishouden",
        "groep",
        "referentie",
        "status",
        "startdatum",
        "einddatum",
        "aantal personen",
        "reden van beëindiging",
    ],
    ["HH-1", "WG-1", "K-1", "afgerond", "15-01-2025", "2025-12-15", 3, ""],
    [
        "HH-2",
        "WG-2",
        "K-2",
        " ended early ",
        datetime.datetime(2025, 3, 1),
        "1/5/2025",
        "1",
        "Household moved",
    ],
]

ACTIVITIES = [
    [
        "koppeling",
        "referentie",
        "datum",
        "uren",
        "levensgebieden",
        "aanwezige groepsleden",
        "introducties: werkgever",
    ],
    ["K-1", "A-1", "15/2/2025", "1,5", "werk,  TAAL ", "L-1, L-2", "1"],
    ["K-1", "A-2", datetime.datetime(2025, 3, 10), 2, "Housing", "L-1", ""],
    ["K-2", "A-3", "2025-03-05", "0,5", "social network", "L-4", None],
]

SCORES = [
    ["koppeling", "levensgebied", "moment", "score"],
    ["K-1", "Werk", "kennismaking", 2],
    ["K-1", "work", "Final", "4"],
    ["K-1", "taal", "Introduction", 3],
    ["K-1", "Language", "eindevaluatie", 3],
]

SHEETS = {
    "Huishoudens": HOUSEHOLDS,
    "Groepen": GROUPS,
    "Groepsleden": MEMBERS,
    "Koppelingen": MATCHES,
    "Activiteiten": ACTIVITIES,
    "Zelfredzaamheid": SCORES,
}


def workbook(sheets: dict[str, list[list]], *, blank_first_row: bool = False) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        if blank_first_row:
            sheet.append([])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messy_workbook(**changes) -> bytes:
    """The messy file with cells replaced: {"Activiteiten": (row, column, value)}, or a
    list of such triples for several cells of one sheet."""
    sheets = {title: [list(row) for row in rows] for title, rows in SHEETS.items()}
    for title, cells in changes.items():
        for row, column, value in cells if isinstance(cells, list) else [cells]:
            sheets[title][row][column] = value
    return workbook(sheets)
