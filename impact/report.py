"""The impact report for a period: figures, SDG shares and indicator rows, shared by the
Social Handprint page, the exports and the impact_report command."""

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone
from django.utils.formats import number_format

from matching.models import Match
from samenhier.models import LifeDomain, Municipality

from .aggregates import Period, figures, sdg_hours
from .indicators import BY_KEY, INDICATORS, SDG_COLOURS, SDG_NAMES

# Indicators whose figure rests on households, and on volunteers: an exported cell that
# rests on fewer than SMALL_CELL persons is shown as "<5".
SMALL_CELL = 5
RESTS_ON_HOUSEHOLDS = {
    "reception_days",
    "refugees_supported",
    "new_matches",
    "self_reliance_gain",
    "municipalities_active",
}


def default_period(
    today: datetime.date | None = None, state: dict | None = None
) -> tuple[datetime.date, datetime.date]:
    """The programme to date: from the first start of a year to today (inclusive)."""
    from django.core.cache import cache

    today = today or timezone.localdate()
    state = state or _state()
    first = state["first_start"]
    if first is None:
        first = Match.objects.filter(status__in=Match.STARTED).aggregate(first=Min("start_date"))[
            "first"
        ] or today.replace(month=1, day=1)
        cache.set(STATE_KEY, {**state, "first_start": first}, None)
    return first, today + datetime.timedelta(days=1)


@dataclass
class Report:
    period: Period
    municipalities: list  # names, or empty for every municipality
    figures: dict
    sdg_hours: dict

    @property
    def sdg_rows(self) -> list[dict]:
        total = sum(self.sdg_hours.values()) or 1
        return [
            {
                "sdg": sdg,
                "name": SDG_NAMES.get(sdg, ""),
                "hours": hours,
                "share": round(100 * hours / total, 1),
                "colour": SDG_COLOURS.get(sdg, "#777"),
            }
            for sdg, hours in sorted(self.sdg_hours.items())
        ]

    def value(self, key: str):
        """The headline number of an indicator (breakdowns give their total or mean)."""
        value = self.figures[key]
        if key == "introductions":
            return sum(value.values())
        if key == "activities":
            return sum(value.values())
        if key == "self_reliance_gain":
            return value["overall"]
        return value

    def persons_behind(self, key: str) -> int:
        if key in RESTS_ON_HOUSEHOLDS:
            return self.figures["refugees_supported"]
        return self.figures["active_volunteers"]

    def display(self, key: str, *, suppress: bool = False) -> str:
        value = self.value(key)
        if suppress and 0 < self.persons_behind(key) < SMALL_CELL:
            return "<5"
        if value is None:
            return "–"
        if isinstance(value, float):
            return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
        return number_format(value, use_l10n=True, force_grouping=True)

    def indicator_rows(self, *, suppress: bool = False, sdg: int | None = None) -> list[dict]:
        return [
            {
                "indicator": ind,
                "value": self.value(ind.key),
                "display": self.display(ind.key, suppress=suppress),
            }
            for ind in INDICATORS
            if sdg is None or ind.sdg == sdg
        ]

    def domains_for(self, sdg: int) -> list[dict]:
        """The life domains behind an SDG, with their number of activities."""
        return [
            {
                "domain": d,
                "activities": self.figures["activities"].get(d.key, 0),
                "gain": self.figures["self_reliance_gain"]["per_domain"].get(d.key),
            }
            for d in LifeDomain.objects.all()
            if d.sdg == sdg or sdg == 10
        ]


def build(period: Period) -> Report:
    names = []
    if period.municipality_ids is not None:
        names = list(
            Municipality.objects.filter(pk__in=period.municipality_ids).values_list(
                "name", flat=True
            )
        )
    return Report(
        period=period, municipalities=names, figures=figures(period), sdg_hours=sdg_hours(period)
    )


def as_json(report: Report) -> dict:
    """Every indicator by key with its value, unit, names in Dutch and English, SDG."""
    out = {
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat()},
        "municipalities": report.municipalities or "all",
        "indicators": {},
        "sdg_hours": {str(k): v for k, v in report.sdg_hours.items()},
    }
    for ind in INDICATORS:
        nl, en = ind.in_language("nl"), ind.in_language("en")
        out["indicators"][ind.key] = {
            "value": report.figures[ind.key],
            "unit": nl["unit"],
            "unit_en": en["unit"],
            "name_nl": nl["name"],
            "name_en": en["name"],
            "sdg": ind.sdg,
            "target": ind.target,
        }
    return out


__all__ = ["BY_KEY", "Report", "build", "as_json", "default_period"]


# -- a cached report, so the page answers fast at national scale -------------------------
#
# Figures are computed by the database (build); the finished report is kept in the cache
# under a data version that every change to the underlying records bumps (signals.py),
# so the page never shows stale figures, and a Celery beat job keeps the usual views warm.

STATE_KEY = "impact:state"
CACHE_SECONDS = 15 * 60


def _state() -> dict:
    """The data version (bumped on every change) and the programme's first start date,
    kept together in one cache entry: one cache read per page."""
    from django.core.cache import cache

    state = cache.get(STATE_KEY)
    if state is None:
        state = {"version": timezone.now().timestamp(), "first_start": None}
        cache.set(STATE_KEY, state, None)
    return state


def report_state() -> dict:
    """Read once per request and pass to default_period and cached_build."""
    return _state()


def data_changed() -> None:
    from django.core.cache import cache

    cache.set(STATE_KEY, {"version": timezone.now().timestamp(), "first_start": None}, None)


def cached(kind: str, period: Period, compute, state: dict | None = None):
    """`compute()` for this period and scope, kept until the data changes (or 15 minutes)."""
    from django.core.cache import cache

    state = state or _state()
    ids = (
        "all"
        if period.municipality_ids is None
        else ",".join(map(str, sorted(period.municipality_ids)))
    )
    key = f"impact:{kind}:{state['version']}:{period.start}:{period.end}:{period.today}:{ids}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_build(period: Period, state: dict | None = None) -> Report:
    return cached("report", period, lambda: build(period), state)


def cached_dashboard(period: Period, state: dict | None = None) -> tuple:
    """Monthly rows, municipalities side by side, the funnel and the waiting times."""
    from .aggregates import funnel, monthly, per_municipality, waiting_times

    return cached(
        "dashboard",
        period,
        lambda: (
            monthly(period),
            per_municipality(period),
            funnel(period.municipality_ids),
            waiting_times(period),
        ),
        state,
    )


def warm_usual_reports() -> int:
    """Compute what people open first: the programme-to-date report and dashboard for all
    municipalities (staff) and for each coordinator's own municipalities."""
    from samenhier.models import User
    from samenhier.roles import Role

    start, end = default_period()
    scopes = {None}
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
    for user in coordinators.prefetch_related("municipalities"):
        ids = frozenset(m.pk for m in user.municipalities.all())
        if ids:
            scopes.add(ids)
    for scope in scopes:
        cached_build(Period(start, end, scope))
        cached_dashboard(Period(start, end, scope))
    return len(scopes)
