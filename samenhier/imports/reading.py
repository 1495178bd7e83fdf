"""From a sheet's cells to the values of a record, and back: the one place that knows how
each kind of column is read and written, so that an export reads back as itself.

A row's values are plain Python (dates, Decimals, keys of the lists, sorted tuples), the
same shape as `current` values taken from the database (export.py), so comparing the two
says whether a row is new, changed or unchanged.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from refugees.models import HouseholdGoal
from samenhier.models import Language, LifeDomain, Municipality

from .sheets import CHOICES, Column, Sheet
from .values import (
    Unreadable,
    Vocabulary,
    fold,
    is_blank,
    read_bool,
    read_date,
    read_decimal,
    read_whole,
    split_list,
    words,
)

MEMBER = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inside>[^()]*)\)$")
GOAL = re.compile(r"^(?P<domain>[^:()]+?)\s*(?:\((?P<priority>[^()]*)\))?\s*:\s*(?P<text>.+)$")
ITEMS = re.compile(r"\s*[;\n]\s*")

# Columns whose empty cell leaves the record as it is (a new record gets the default).
KEEP_WHEN_BLANK = {"joined_on"}


def _names(model) -> list[tuple]:
    return [
        (row.pk, row.name_nl, row.name_en, getattr(row, "code", "") or getattr(row, "key", ""))
        for row in model.objects.all()
    ]


@dataclass
class Lists:
    """The lists a column's values come from, read in Dutch or English."""

    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    dutch: dict[str, dict] = field(default_factory=dict)  # source -> value -> Dutch name

    @classmethod
    def load(cls) -> "Lists":
        lists = cls()
        for source, choices in CHOICES.items():
            lists.vocabularies[source] = Vocabulary.of_choices(choices, what=_what(source))
            with translation.override("nl"):
                lists.dutch[source] = {v: str(choices(v).label) for v in choices.values}
        for source, model in (("language", Language), ("life_domain", LifeDomain)):
            rows = _names(model)
            lists.vocabularies[source] = Vocabulary(rows, what=_what(source))
            lists.dutch[source] = {pk: dutch for pk, dutch, _en, _code in rows}
        places = list(Municipality.objects.values_list("pk", "name"))
        lists.vocabularies["municipality"] = Vocabulary(places, what=_what("municipality"))
        lists.dutch["municipality"] = dict(places)
        priorities = []
        for value in HouseholdGoal.Priority.values:
            label = HouseholdGoal.Priority(value).label
            with translation.override("nl"):
                dutch = str(label)
            with translation.override("en"):
                english = str(label)
            priorities.append((value, dutch, english, {1: "low", 2: "medium", 3: "high"}[value]))
        lists.vocabularies["priority"] = Vocabulary(priorities, what=_("prioriteit"))
        lists.dutch["priority"] = {v: d for v, d, _e, _k in priorities}
        return lists

    def shown(self) -> dict[str, list[str]]:
        """Every list as the template's drop-downs show it (Dutch)."""
        return {source: list(names.values()) for source, names in self.dutch.items()}


def _what(source: str) -> str:
    return {
        "variant": _("programmavariant"),
        "household_status": _("status van een huishouden"),
        "group_status": _("status van een groep"),
        "vog_status": _("VOG-status"),
        "match_status": _("status van een koppeling"),
        "end_reason": _("reden van beëindiging"),
        "preference": _("voorkeur"),
        "relation": _("relatie"),
        "score_moment": _("moment"),
        "follow_up_contact": _("contact na het jaar"),
        "language": _("taal"),
        "life_domain": _("levensgebied"),
        "municipality": _("gemeente die ik ken"),
    }[source]


# -- reading ------------------------------------------------------------------------------


def read_cell(column: Column, raw, lists: Lists):
    """One cell's value, or Unreadable with what was expected."""
    kind = column.kind
    if kind == "text":
        return words(raw)
    if kind == "email":
        text = words(raw).lower()
        if text:
            try:
                validate_email(text)
            except ValidationError as error:
                raise Unreadable(
                    _("‘%(value)s’ is geen e-mailadres.") % {"value": text[:60]}
                ) from error
        return text
    if kind == "date":
        return read_date(raw)
    if kind == "bool":
        return read_bool(raw)
    if kind == "decimal":
        return read_decimal(raw)
    if kind == "whole":
        return read_whole(raw)
    if kind == "one":
        return None if is_blank(raw) else lists.vocabularies[column.source].read(raw)
    if kind == "many":
        return lists.vocabularies[column.source].read_list(raw)
    if kind == "ref":
        return words(raw) or None
    if kind == "refs":
        return tuple(sorted(set(split_list(raw))))
    if kind == "household_members":
        return _read_household_members(raw, lists)
    if kind == "goals":
        return _read_goals(raw, lists)
    raise LookupError(kind)


def _items(raw) -> list[str]:
    text = "" if raw is None else str(raw)
    return [words(item) for item in ITEMS.split(text) if words(item)]


def _read_household_members(raw, lists: Lists) -> tuple:
    members = []
    for item in _items(raw):
        found = MEMBER.match(item)
        if not found:
            raise Unreadable(
                _(
                    "‘%(value)s’ kan ik niet lezen; verwacht naam (relatie, geboortejaar), "
                    "bijvoorbeeld Sara (kind, 2016)."
                )
                % {"value": item[:60]}
            )
        parts = [words(part) for part in found["inside"].split(",")]
        if len(parts) > 2 or not parts[0]:
            raise Unreadable(
                _("‘%(value)s’: verwacht (relatie, geboortejaar), bijvoorbeeld (kind, 2016).")
                % {"value": item[:60]}
            )
        relation = lists.vocabularies["relation"].read(parts[0])
        year = read_whole(parts[1]) if len(parts) == 2 else None
        members.append((found["name"], relation, year))
    return tuple(sorted(members, key=lambda m: (m[0], m[1], m[2] or 0)))


def _read_goals(raw, lists: Lists) -> tuple:
    goals, seen = [], set()
    for item in _items(raw):
        found = GOAL.match(item)
        if not found:
            raise Unreadable(
                _(
                    "‘%(value)s’ kan ik niet lezen; verwacht levensgebied: doel, bijvoorbeeld "
                    "Werk (hoog): een baan in de zorg."
                )
                % {"value": item[:60]}
            )
        domain = lists.vocabularies["life_domain"].read(found["domain"])
        if domain in seen:
            raise Unreadable(
                _("Een levensgebied staat twee keer bij de doelen: %(domain)s.")
                % {"domain": lists.dutch["life_domain"][domain]}
            )
        seen.add(domain)
        priority = (
            lists.vocabularies["priority"].read(found["priority"])
            if found["priority"] and words(found["priority"])
            else HouseholdGoal.Priority.MEDIUM.value
        )
        goals.append((domain, priority, words(found["text"])))
    return tuple(sorted(goals))


@dataclass
class ParsedRow:
    number: int
    values: dict  # column key -> value, for the columns the file has
    errors: dict = field(default_factory=dict)  # column key -> message

    @property
    def reference(self) -> str:
        return self.values.get("reference") or ""


def read_row(sheet: Sheet, number: int, cells: dict, lists: Lists) -> ParsedRow:
    row = ParsedRow(number=number, values={})
    for key, raw in cells.items():
        column = sheet.column(key)
        try:
            value = read_cell(column, raw, lists)
        except Unreadable as error:
            row.errors[key] = str(error)
            continue
        if column.required and value in (None, "", ()):
            row.errors[key] = _("Deze kolom is verplicht.")
            continue
        if key in KEEP_WHEN_BLANK and value is None:
            continue
        row.values[key] = value
    return row


# -- writing ------------------------------------------------------------------------------


def render_cell(column: Column, value, lists: Lists):
    """A value as the workbook shows it (read back by read_cell as the same value)."""
    kind = column.kind
    if value is None or value == ():
        return None
    if kind == "bool":
        return _("ja") if value else _("nee")
    if kind == "decimal":
        return float(value)
    if kind == "one":
        return lists.dutch[column.source][value]
    if kind == "many":
        return ", ".join(lists.dutch[column.source][v] for v in value)
    if kind == "refs":
        return ", ".join(value)
    if kind == "household_members":
        with translation.override("nl"):
            return "; ".join(
                f"{name} ({lists.dutch['relation'][relation]}" + (f", {year})" if year else ")")
                for name, relation, year in value
            )
    if kind == "goals":
        return "; ".join(
            f"{lists.dutch['life_domain'][domain]} ({lists.dutch['priority'][priority]}): {text}"
            for domain, priority, text in value
        )
    return value


def folded(value):
    """A value as it is compared: text without case and stray spaces."""
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, tuple):
        return tuple(folded(v) for v in value)
    return value
