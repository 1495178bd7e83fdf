"""Reading what people really type in a programme's spreadsheets.

Each reader turns one cell into a value or raises `Unreadable` with what was expected, in
Dutch: a value it cannot read is an error for that cell, never a guess
(docs/architecture.md, "Bringing a programme in").
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

# Empty spreadsheet cells come in as None, "" or only spaces.
BLANKS = (None, "")
TRUE_WORDS = {"ja", "j", "x", "yes", "y", "waar", "true", "1"}
FALSE_WORDS = {"nee", "n", "no", "onwaar", "false", "0"}
LIST_SEPARATORS = re.compile(r"\s*[;,\n]\s*")
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# Excel's serial day numbers between 1900 and 2199.
EXCEL_SERIALS = (1, 109_574)
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_EXAMPLE = "15-01-2025"
# How many of a list's values a message names.
SHOWN = 12


class Unreadable(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def words(value) -> str:
    """The cell as text: stray spaces out, runs of spaces as one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def fold(value) -> str:
    """The text as it is compared with a list: any case, stray spaces out."""
    return words(value).casefold()


def is_blank(value) -> bool:
    return words(value) == ""


def read_text(value) -> str:
    return words(value)


def read_date(value) -> datetime.date | None:
    """15-01-2025, 15/1/2025, 2025-01-15 or a date cell of Excel; empty is None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1] and float(value).is_integer():
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise _not_a_date(value)
    text = words(value)
    if not text:
        return None
    # A date cell exported as text keeps its time: "2025-01-15 00:00:00".
    text = re.sub(r"[ T]00:00(:00)?$", "", text)
    found = DAY_FIRST.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
    else:
        found = ISO.match(text)
        if not found:
            raise _not_a_date(value)
        year, month, day = (int(part) for part in found.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise _not_a_date(value) from error


def _not_a_date(value) -> Unreadable:
    return Unreadable(
        _("‘%(value)s’ is geen datum; verwacht een datum als %(example)s.")
        % {"value": words(value), "example": DATE_EXAMPLE}
    )


def read_bool(value) -> bool:
    """ja / nee / x / empty (no), in Dutch or English."""
    if isinstance(value, bool):
        return value
    text = fold(value)
    if text == "":
        return False
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise Unreadable(
        _("‘%(value)s’ is geen ja of nee; verwacht ja, nee, x of een lege cel.")
        % {"value": words(value)}
    )


def read_decimal(value) -> Decimal | None:
    """1,5 or 1.5 (or a number cell); empty is None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = words(value)
    if not text:
        return None
    if not NUMBER.match(text):
        raise Unreadable(
            _("‘%(value)s’ is geen getal; verwacht een getal als 1,5.") % {"value": text}
        )
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern lets none through
        raise Unreadable(_("‘%(value)s’ is geen getal.") % {"value": text}) from error


def read_whole(value) -> int | None:
    """A whole number (1, or 1,0 from a spreadsheet); empty is None."""
    number = read_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise Unreadable(
            _("‘%(value)s’ is geen heel getal; verwacht bijvoorbeeld 2.") % {"value": words(value)}
        )
    return int(number)


def split_list(value) -> list[str]:
    """The items of a list cell: separated by ; or , or a line break."""
    text = "" if value is None else str(value)
    return [item for item in (words(part) for part in LIST_SEPARATORS.split(text)) if item]


class Vocabulary:
    """The names of a list's values in Dutch and English (and their codes), any case.

    `entries` are (value, names…): each name is read as that value; a name that means two
    values (it never should) is not read at all rather than guessed.
    """

    def __init__(self, entries, *, what):
        self.what = what
        self.names: dict[str, str] = {}
        self.shown: list[str] = []
        doubtful = set()
        for value, *names in entries:
            for name in {fold(n) for n in (value, *names) if n}:
                if self.names.get(name, value) != value:
                    doubtful.add(name)
                self.names[name] = value
            self.shown.append(str(names[0]) if names else str(value))
        for name in doubtful:
            del self.names[name]

    @classmethod
    def of_choices(cls, choices, *, what) -> "Vocabulary":
        """A TextChoices' values, by their Dutch and English labels."""
        entries = []
        for value in choices.values:
            label = choices(value).label
            with translation.override("nl"):
                dutch = str(label)
            with translation.override("en"):
                english = str(label)
            entries.append((value, dutch, english, value.replace("_", " ")))
        return cls(entries, what=what)

    def read(self, value) -> str:
        text = fold(value)
        if text in self.names:
            return self.names[text]
        raise Unreadable(
            _("‘%(value)s’ is geen %(what)s; verwacht een van: %(choices)s.")
            % {"value": words(value), "what": self.what, "choices": self.listed()}
        )

    def listed(self) -> str:
        """The list's values for a message; a long list (municipalities) is cut short."""
        if len(self.shown) <= SHOWN:
            return ", ".join(self.shown)
        return ", ".join(self.shown[:SHOWN]) + ", …"

    def read_list(self, value) -> tuple[str, ...]:
        return tuple(sorted({self.read(item) for item in split_list(value)}))
