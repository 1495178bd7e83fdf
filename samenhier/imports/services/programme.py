"""Bringing a programme in: a workbook's rows, read, checked and written through the
programme's rules, all or nothing (docs/architecture.md, "Bringing a programme in").

`programme_import` always works through the whole file inside one transaction, so the
preview (a dry run) meets every rule the real import meets, the database's constraints
included; it rolls back when it is a dry run or when any row has an error. A row carries
the programme's own reference: a known reference whose values equal the record's is
unchanged, one that differs changes only what differs.
"""

import hashlib
import logging
from functools import partial

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from matching.services.summaries_rebuild import rebuild as summaries_rebuild
from samenhier.access import access_log
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog, Municipality, User

from ..models import ProgrammeImport
from ..reading import ParsedRow, read_row
from ..sheets import BY_KEY, SHEETS
from ..workbook import RawBook, read_upload
from . import activities, groups, households, matches, scores
from .run import OUTCOMES, Outcome, Run

logger = logging.getLogger(__name__)

# The writer of each sheet's rows, in the workbook's order (sheets.py).
WRITERS = {
    "households": households.household_write,
    "groups": groups.group_write,
    "members": groups.member_write,
    "matches": matches.match_write,
    "activities": activities.activity_write,
    "scores": scores.score_write,
}


class _Rollback(Exception):
    pass


def file_fingerprint(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def allowed_municipalities(by: User | None, names=()) -> set[int]:
    """The municipalities an import may write in: the coordinator's own (every one for an
    administrator or the command line), narrowed to `names` when given."""
    allowed = (
        set(by.municipality_ids)
        if by is not None
        else set(Municipality.objects.values_list("pk", flat=True))
    )
    if names:
        wanted = dict(Municipality.objects.filter(name__in=names).values_list("name", "pk"))
        unknown = sorted(set(names) - set(wanted))
        if unknown:
            raise ApplicationError(
                _("Deze gemeente ken ik niet: %(names)s.") % {"names": ", ".join(unknown)},
                code="unknown_municipality",
            )
        allowed &= set(wanted.values())
    return allowed


def programme_import(
    *,
    files: list[tuple[str, bytes]],
    by: User | None,
    dry_run: bool,
    invite: bool = False,
    municipalities=(),
) -> Outcome:
    """Read an upload and import it, all or nothing; with `dry_run` nothing is kept.

    Refuses (row by row, naming sheet, row and column) what cannot be read, another
    municipality's records, and whatever the programme's rules refuse. Member accounts
    get no password; invitations go out only with `invite` (once the import commits).
    The upload is read in memory and never stored.
    """
    if invite and by is None:
        raise ApplicationError(
            _("Uitnodigingen versturen kan alleen iemand met een account."), code="invite_needs_by"
        )
    names = [name for name, _content in files]
    outcome = Outcome(
        file_name=", ".join(names)[:255], file_hash=file_fingerprint(files), dry_run=dry_run
    )
    book = read_upload(files)
    outcome.problems.extend(book.problems)
    run = Run(
        by=by, outcome=outcome, invite=invite, allowed=allowed_municipalities(by, municipalities)
    )
    try:
        with transaction.atomic(), set_actor(by):
            _all_sheets(run, book)
            if outcome.errors or dry_run:
                raise _Rollback
            outcome.record = ProgrammeImport.objects.create(
                by=by,
                file_name=outcome.file_name,
                file_hash=outcome.file_hash,
                counts=outcome.counts,
                invitations_sent=outcome.invitations,
            )
            for household in sorted(run.households_written):
                access_log(
                    user=by,
                    action=AccessLog.Action.IMPORT,
                    object_type="refugee",
                    object_code=household,
                )
            outcome.written = True
    except _Rollback:
        pass
    # Counts and codes only: no row, no name, no note.
    logger.info(
        "programme import %s: written=%s dry_run=%s counts=%s errors=%d",
        outcome.record.pk if outcome.record else "-",
        outcome.written,
        dry_run,
        outcome.counts,
        len(outcome.errors),
    )
    return outcome


def _all_sheets(run: Run, book: RawBook) -> None:
    """Every sheet of the upload in the workbook's order; a new or changed group's status
    once its members are in; the summaries made again when logs were written in bulk."""
    for sheet in SHEETS:
        raw = book.sheets.get(sheet.key)
        if raw is not None:
            run.outcome.counts[sheet.key] = dict.fromkeys(OUTCOMES, 0)
            rows = [read_row(sheet, n, cells, run.lists) for n, cells in raw.rows]
            _duplicates(sheet, rows)
            if sheet.key == "activities":
                run.bulk_logs = activities.logs_in_bulk(len(rows))
            for row in rows:
                run.write_row(sheet, row, partial(WRITERS[sheet.key], run))
            if sheet.key == "activities":
                activities.pending_logs_write(run)
        if sheet.key == "members":
            for row, group, status, is_new in run.pending_groups:
                run.write_row(
                    BY_KEY["groups"],
                    row,
                    lambda _r, g=group, s=status, n=is_new: groups.group_status_write(run, g, s, n),
                    count=False,
                )
    if run.rebuild_summaries:
        summaries_rebuild()


def _duplicates(sheet, rows: list[ParsedRow]) -> None:
    seen = {}
    for row in rows:
        key = (
            row.reference
            if sheet.kind
            else tuple(row.values.get(k) for k in ("match", "life_domain", "moment"))
        )
        if not key:
            continue
        if key in seen:
            column = "reference" if sheet.kind else "moment"
            row.errors.setdefault(
                column,
                _("Deze rij staat twee keer op het blad (ook op rij %(row)d).")
                % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
