"""One pass over a workbook, inside the import's transaction: what it did per sheet and row
(`Outcome`), each row in its savepoint, the programme's references it resolves and makes,
and what every writer shares: `RowError`, the way along a lifecycle and the status
history of a record that comes in (docs/architecture.md, "Bringing a programme in").

A writer (households.py, groups.py, matches.py, activities.py, scores.py) takes the `Run`
and one row, writes it through the programme's rules and says NEW, CHANGED or UNCHANGED,
or raises RowError for the column the rules refuse.
"""

import datetime
import uuid
from collections import deque
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership, WelcomeGroup
from matching.models import ActivityLog, Match
from refugees.models import Refugee
from samenhier.errors import ApplicationError
from samenhier.models import Language, LifeDomain

from ..export import OWN_PREFIX, References
from ..models import ImportedRecord, Kind, ProgrammeImport
from ..reading import Lists, ParsedRow
from ..sheets import BY_KEY, SHEETS

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
OUTCOMES = (NEW, CHANGED, UNCHANGED, ERROR)
MODELS = {
    Kind.HOUSEHOLD: Refugee,
    Kind.GROUP: WelcomeGroup,
    Kind.MEMBER: Membership,
    Kind.MATCH: Match,
    Kind.ACTIVITY: ActivityLog,
}


class RowError(Exception):
    """A row the rules refuse: which column, and why (in Dutch, for the person)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class RowOutcome:
    sheet: str
    number: int
    reference: str
    outcome: str
    messages: list[str] = field(default_factory=list)

    @property
    def sheet_title(self) -> str:
        return BY_KEY[self.sheet].title


@dataclass
class Outcome:
    """What an import did (or, in a dry run, would do), per sheet and per row."""

    file_name: str
    file_hash: str
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    written: bool = False
    invitations: int = 0
    record: ProgrammeImport | None = None

    @property
    def errors(self) -> list[str]:
        return self.problems + [m for row in self.rows for m in row.messages]

    def summary_lines(self) -> list[str]:
        """Per sheet: "Huishoudens: 3 nieuw, 0 gewijzigd, 1 ongewijzigd, 0 fout"."""
        lines = []
        for sheet in SHEETS:
            if sheet.key not in self.counts:
                continue
            n = self.counts[sheet.key]
            lines.append(
                _(
                    "%(sheet)s: %(new)d nieuw, %(changed)d gewijzigd, %(same)d ongewijzigd, "
                    "%(error)d met een fout"
                )
                % {
                    "sheet": sheet.title,
                    "new": n[NEW],
                    "changed": n[CHANGED],
                    "same": n[UNCHANGED],
                    "error": n[ERROR],
                }
            )
        return lines


class Run:
    """One pass over a workbook, inside the import's transaction."""

    def __init__(self, *, by, outcome: Outcome, invite: bool, allowed: set[int]):
        self.by = by
        self.outcome = outcome
        self.invite = invite
        self.allowed = allowed
        self.lists = Lists.load()
        self.refs = References()
        self.made: dict[str, dict[str, object]] = {kind: {} for kind in MODELS}
        self.households_written: set[str] = set()
        self.pending_groups: list[tuple] = []
        self.bulk_logs = False
        self.pending_logs: list[tuple] = []
        self.rebuild_summaries = False
        self.domains = {d.pk: d for d in LifeDomain.objects.all()}
        self.dutch = Language.objects.filter(code="nl")
        self.note = _("Ingelezen uit %(file)s op %(date)s.") % {
            "file": outcome.file_name,
            "date": timezone.localdate().strftime("%d-%m-%Y"),
        }

    # -- a row -----------------------------------------------------------------------------

    def write_row(self, sheet, row: ParsedRow, handler, *, count: bool = True) -> None:
        """`handler(row)` in a savepoint, its outcome (or its errors, by sheet, row and
        column) counted; with `count=False`, a later check of a row counted before."""
        messages = [self._message(sheet, row.number, c, m) for c, m in row.errors.items()]
        result = ERROR
        if not messages:
            try:
                with transaction.atomic():
                    result = handler(row)
            except RowError as error:
                messages.append(self._message(sheet, row.number, error.column, error.message))
            except ApplicationError as error:
                messages.append(self._message(sheet, row.number, "", str(error)))
            except IntegrityError:
                messages.append(
                    self._message(
                        sheet, row.number, "", _("Deze rij botst met een regel van de database.")
                    )
                )
        if messages:
            result = ERROR
        if count:
            self.outcome.counts[sheet.key][result] += 1
            # A score has no reference of its own: its match names it.
            reference = row.reference or str(row.values.get("match") or "")
            self.outcome.rows.append(RowOutcome(sheet.key, row.number, reference, result, messages))
        elif messages:
            # A later check of a row counted before: it becomes an error.
            for earlier in self.outcome.rows:
                if earlier.sheet == sheet.key and earlier.number == row.number:
                    if earlier.outcome != ERROR:
                        self.outcome.counts[sheet.key][earlier.outcome] -= 1
                        self.outcome.counts[sheet.key][ERROR] += 1
                        earlier.outcome = ERROR
                    earlier.messages.extend(messages)

    @staticmethod
    def _message(sheet, number: int, column_key: str, message: str) -> str:
        if column_key:
            return _("Blad ‘%(sheet)s’, rij %(row)d, kolom ‘%(column)s’: %(message)s") % {
                "sheet": sheet.title,
                "row": number,
                "column": sheet.column(column_key).header,
                "message": message,
            }
        return _("Blad ‘%(sheet)s’, rij %(row)d: %(message)s") % {
            "sheet": sheet.title,
            "row": number,
            "message": message,
        }

    # -- references ----------------------------------------------------------------------

    def _place_of(self, kind: str, obj) -> int:
        if kind == Kind.HOUSEHOLD:
            return obj.municipality_id
        if kind == Kind.GROUP:
            return obj.municipality_id
        if kind == Kind.MEMBER:
            return obj.group.municipality_id
        if kind == Kind.MATCH:
            return obj.refugee.municipality_id
        return obj.trajectory.match.refugee.municipality_id

    def find(self, kind: str, reference: str, column: str = "reference"):
        """The record a reference names (None: not there yet), refusing another city's."""
        if reference in self.made[kind]:
            return self.made[kind][reference]
        model = MODELS[kind]
        key = (
            ImportedRecord.objects.filter(kind=kind, reference=reference)
            .values_list("record", flat=True)
            .first()
        )
        if key is None:
            key = own_code(reference)
        if key is None:
            return None
        lookup = {"code": key} if model is ActivityLog else {"pk": key}
        obj = model.objects.filter(**lookup).first()
        if obj is not None and self._place_of(kind, obj) not in self.allowed:
            raise RowError(
                column,
                _("‘%(reference)s’ hoort bij een gemeente waarvoor je niet mag inlezen.")
                % {"reference": reference},
            )
        return obj

    def resolve(self, kind: str, reference: str, column: str):
        obj = self.find(kind, reference, column)
        if obj is None:
            raise RowError(
                column,
                _("‘%(reference)s’ staat niet op het blad %(sheet)s en ook niet in Samen Hier.")
                % {"reference": reference, "sheet": _sheet_title(kind)},
            )
        return obj

    def remember(self, kind: str, reference: str, obj, code) -> None:
        self.made[kind][reference] = obj
        if own_code(reference) is None:
            ImportedRecord.objects.create(kind=kind, reference=reference, record=str(code))
        self.refs.remember(kind, code, reference)

    def check_place(self, municipality: int, column: str = "municipality") -> None:
        if municipality not in self.allowed:
            raise RowError(column, _("Je mag alleen inlezen voor je eigen gemeenten."))

    # -- status history ------------------------------------------------------------------

    def history(self, change_model, fk: str, obj, allowed, start: str, status: str) -> None:
        """The status-change rows of a record that comes in with `status`: one per arrow
        from where its lifecycle starts, each saying it was imported (who: `by`)."""
        steps = path(allowed, start, status)
        if steps is None:
            raise RowError("status", no_way(type(obj).Status, start, status))
        old = start
        for step in steps:
            change_model.objects.create(**{fk: obj}, old=old, new=step, by=self.by, note=self.note)
            old = step


def own_code(reference: str) -> uuid.UUID | None:
    """The code in a reference the export made (`SH-<code>`), or None."""
    if reference.startswith(OWN_PREFIX):
        try:
            return uuid.UUID(hex=reference[len(OWN_PREFIX) :])
        except ValueError:
            return None
    return None


def path(allowed, old: str, new: str) -> list[str] | None:
    """The statuses from `old` to `new` along a lifecycle's arrows (shortest way), or
    None when the arrows do not lead there."""
    if old == new:
        return []
    seen, queue = {old: None}, deque([old])
    while queue:
        status = queue.popleft()
        for step in sorted(allowed.get(status, ())):
            if step in seen:
                continue
            seen[step] = status
            if step == new:
                steps = [step]
                while seen[steps[-1]] != old:
                    steps.append(seen[steps[-1]])
                return list(reversed(steps))
            queue.append(step)
    return None


def no_way(choices, old: str, new: str) -> str:
    return _("Van ‘%(old)s’ naar ‘%(new)s’ kan niet in de levensloop.") % {
        "old": choices(old).label,
        "new": choices(new).label,
    }


def changed_values(values: dict, current: dict) -> dict:
    """The values of a row that differ from the record's (its reference aside)."""
    return {k: v for k, v in values.items() if k != "reference" and current.get(k) != v}


def model_clean(obj, columns: dict[str, str] | None = None) -> None:
    """The model's own validation, its messages put on the columns they concern."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        column = (columns or {}).get(field_name, field_name)
        raise RowError(column, " ".join(messages)) from error


def fill_blank(values: dict, key: str, default) -> None:
    """An empty cell of a column the file has takes the default."""
    if key in values and values[key] is None:
        values[key] = default


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _sheet_title(kind: str) -> str:
    return str(next(sheet.title for sheet in SHEETS if sheet.kind == kind))
