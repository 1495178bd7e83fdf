"""Small cells: a number that rests on fewer than 5 persons is shown as "<5".

One helper decides, per cell, for every page, chart and file: a `Cell` carries its value
and the persons it rests on, and knows how it is shown (in one Dutch number format), how
it goes into a file, and whether a chart may draw it. What a cell rests on is said where
the figure is made (docs/architecture.md, "Figures"):

- figures about households (reception days, persons supported, new matches, the
  municipalities active) rest on the persons of the households in the cell;
- figures about the groups' effort (hours, activities, introductions, volunteers, the SDG
  shares) rest on those persons and on the volunteers active in the cell, and a
  breakdown (a life domain, an SDG, a kind of introduction) also on its own count;
- a self-reliance gain rests on the persons of the households it was measured for.
"""

from dataclasses import dataclass

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

SMALL_CELL = 5
HIDDEN = "<5"


def small(*counts: int) -> bool:
    """True when any of the counts a cell rests on is between 1 and 4."""
    return any(0 < (count or 0) < SMALL_CELL for count in counts)


_SEPARATORS: dict = {}


def separators() -> tuple:
    """The language's decimal separator, grouping and thousand separator, looked up once
    (a dashboard shows hundreds of numbers)."""
    language = get_language()
    if language not in _SEPARATORS:
        _SEPARATORS[language] = tuple(
            get_format(name, language, use_l10n=True)
            for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
        )
    return _SEPARATORS[language]


def number(value, decimals: int | None = None, formats: tuple | None = None) -> str:
    """One format everywhere: Dutch (or English) grouping, at most one decimal (in the
    `formats` of separators() when given: a table looks them up once)."""
    if value is None:
        return "–"
    places = None
    if isinstance(value, float) or decimals:
        places = 1 if decimals is None else decimals
        if float(value).is_integer() and decimals is None:
            places = 0
    decimal, grouping, thousands = formats or separators()
    if places is None and grouping == 3 and type(value) is int:
        return f"{value:,}".replace(",", thousands)  # the same text, without the detour
    return numberformat.format(
        value, decimal, places, grouping, thousands, force_grouping=True, use_l10n=True
    )


@dataclass(frozen=True)
class Cell:
    value: object
    hidden: bool = False
    decimals: int | None = None

    @classmethod
    def of(cls, value, *rests_on: int, decimals: int | None = None) -> "Cell":
        return cls(value, small(*rests_on), decimals)

    def __str__(self) -> str:
        return self.text()

    def text(self, formats: tuple | None = None) -> str:
        return HIDDEN if self.hidden else number(self.value, self.decimals, formats)

    @property
    def export(self):
        """For a file: "<5", or the number as a number."""
        if self.hidden:
            return HIDDEN
        if self.value is None:
            return ""
        return round(self.value, 2) if isinstance(self.value, float) else self.value

    @property
    def chart(self):
        """For a chart: nothing to draw when hidden."""
        return None if self.hidden else self.value
