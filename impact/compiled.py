"""Figure queries built once per period and run fresh on every request.

A figure's SQL depends on its arguments (the period: its dates, municipalities and today)
and on nothing else; building it through the ORM costs more than running it on the small
summary tables, and a dashboard asks about fifteen. So a query function decorated with
`compiled` is built and compiled once per arguments, and its SQL runs again on every
call, against the rows as they are then: no result is kept, and a write is in the very
next figure (docs/architecture.md, "Figures").
"""

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Value
from django.db.models.sql.compiler import SQLCompiler

# Queries × arguments kept: the day's default period and the periods people choose.
SIZE = 256


@dataclass(frozen=True)
class _Statement:
    sql: str | None  # None: the query can have no rows
    params: tuple
    compiler: SQLCompiler
    converters: dict
    empty: tuple | None = None  # a totals() query's one row over no rows at all


_statements: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _compile(queryset) -> _Statement:
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Statement(None, (), compiler, {}, getattr(queryset, "empty_row", None))
    fields = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    return _Statement(sql, tuple(params), compiler, compiler.get_converters(fields))


def compiled(build: Callable | None = None, *, converted: bool = True) -> Callable:
    """`build(*args)` returns a values_list queryset; the decorated function returns its
    rows as tuples (each value as the ORM would give it), built once per `args`. With
    `converted=False` (`@compiled(converted=False)`) the values come as the database
    sends them: for a thousand rows, Django's converters cost more than what reads them
    (SQLite sends a date as text)."""
    if build is None:
        return functools.partial(compiled, converted=converted)

    @functools.wraps(build)
    def run(*args) -> list[tuple]:
        key = (build.__qualname__, args)
        with _lock:
            statement = _statements.get(key)
            if statement is not None:
                _statements.move_to_end(key)
        if statement is None:
            statement = _compile(build(*args))
            with _lock:
                _statements[key] = statement
                while len(_statements) > SIZE:
                    _statements.popitem(last=False)
        if statement.sql is None:
            return [] if statement.empty is None else [statement.empty]
        with connections[statement.compiler.using].cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            rows = cursor.fetchall()
        if converted and statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        return [tuple(row) for row in rows]

    return run


def totals(queryset, **aggregates):
    """A one-row aggregate of `queryset` as a values_list queryset (what `aggregate()`
    computes, in a form `compiled` can keep): the constant groups nothing."""
    rows = (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(**aggregates)
        .values_list(*aggregates)
    )
    # Over a scope that can hold nothing (no municipality), aggregate() still gives one
    # row: 0 for a count, None for the rest. So does this.
    rows.empty_row = tuple(a.empty_result_set_value for a in aggregates.values())
    return rows
