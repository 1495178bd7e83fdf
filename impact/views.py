"""The read side's pages: the Social Handprint, the dashboard and the report files."""

import datetime
import functools

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.models import SignUp
from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog, Municipality
from samenhier.roles import COORDINATING, REPORTING, Role

from .evidence import (
    LOGGED_WITHIN_DAYS,
    completeness,
    definitions,
    evidence,
    share_rows,
    whole_of,
)
from .exports import CONTENT_TYPES, extension, read_chunks
from .forms import PeriodForm
from .indicators import BY_KEY, EVERY_ACTIVITY_SDG, SDG_NAMES, STRIPED_SDGS
from .models import FOREWORD_MAX, REPORT_LANGUAGES, ExportJob
from .periods import Period, next_month
from .recruitment import STEP_LABELS, recruitment
from .report import build, default_period
from .report import dashboard as dashboard_figures
from .services import export_request


@functools.lru_cache(maxsize=1024)
def _month_label(language: str, month: datetime.date, pattern: str) -> str:
    """A month's name in a language (the dashboard writes one per month, twice)."""
    return date_format(month, pattern)


def _scope(user) -> frozenset | None:
    """The municipalities whose figures a person sees: all for staff, their own for a
    coordinator."""
    if user.has_role(Role.PROGRAMME_STAFF) or user.is_administrator:
        return None
    return frozenset(user.municipality_ids)


def period_from(request) -> tuple[PeriodForm, Period]:
    scope = _scope(request.user)
    places = Municipality.objects.only("pk", "name")
    if scope is not None:
        places = places.filter(pk__in=scope)
    form = PeriodForm(request.GET or None, municipalities=places)
    start, end = default_period()
    chosen = scope
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["van"] or start
        if form.cleaned_data["tot"]:
            end = form.cleaned_data["tot"] + datetime.timedelta(days=1)  # "tot en met"
        if form.cleaned_data["gemeente"]:
            chosen = frozenset({form.cleaned_data["gemeente"].pk})
    if end <= start:
        end = start + datetime.timedelta(days=1)
    if not form.is_bound:
        form = PeriodForm(
            initial={"van": start, "tot": end - datetime.timedelta(days=1)},
            municipalities=places,
        )
    return form, Period(start, end, chosen)


@role_required(*REPORTING)
def handprint(request):
    """The Social Handprint: the SDG wheel, the indicator cards, and what is behind each."""
    form, period = period_from(request)
    report = build(period)
    sdg_rows = report.sdg_rows
    try:
        chosen = int(request.GET.get("sdg", ""))
    except ValueError:
        chosen = None
    chosen = chosen if chosen in report.sdg_hours else None
    # SDG 10 stands apart (every activity counts for it); the wheel divides the hours
    # among the SDGs of the life domains.
    domain_rows = [r for r in sdg_rows if r["sdg"] != EVERY_ACTIVITY_SDG]
    wheel = {
        "type": "doughnut",
        "labels": [f"SDG {r['sdg']}: {r['name']}" for r in domain_rows],
        "datasets": [
            {
                "data": [r["hours"].chart for r in domain_rows],
                "backgroundColor": [r["colour"] for r in domain_rows],
            }
        ],
        "patterns": ["stripes" if r["sdg"] in STRIPED_SDGS else "" for r in domain_rows],
    }
    query = request.GET.copy()
    query.pop("sdg", None)
    return render(
        request,
        "impact/handprint.html",
        {
            "form": form,
            "report": report,
            "period": period,
            "sdg_rows": sdg_rows,
            "every_activity": next(r for r in sdg_rows if r["sdg"] == EVERY_ACTIVITY_SDG),
            "wheel": wheel,
            "cards": report.indicator_rows(),
            "chosen": chosen,
            "chosen_cards": report.indicator_rows(sdg=chosen) if chosen else [],
            "chosen_domains": report.domain_rows(chosen) if chosen else [],
            "chosen_name": SDG_NAMES.get(chosen, ""),
            "query": query.urlencode(),
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


# The indicators the dashboard's tables show, each linked to what stands behind it.
DASHBOARD_FIGURES = (
    "reception_days",
    "refugees_supported",
    "new_matches",
    "active_groups",
    "active_volunteers",
    "volunteer_hours",
    "contact_after_year",
    "activities",
)


@role_required(*REPORTING)
def dashboard(request):
    """Trends per month and quarter, municipalities side by side, the pipeline, waiting."""
    form, period = period_from(request)
    tables = dashboard_figures(period)
    months, per_place, funnel = tables["months"], tables["per_place"], tables["funnel"]
    for row in months:
        # A month that has not ended (or that the period cuts off) is not a full month.
        row["partial"] = min(period.end, period.today) < next_month(row["month"])
        row["label"] = _month_label(translation.get_language(), row["month"], "F Y")
    trend = {
        "type": "line",
        "labels": [
            _month_label(translation.get_language(), row["month"], "M Y")
            + (" *" if row["partial"] else "")
            for row in months
        ],
        "partial": [row["partial"] for row in months],
        "xTitle": str(_("Maand (* nog niet voorbij: telt tot nu)")),
        "yTitle": str(_("Dagen en uren")),
        "datasets": [
            {
                "label": str(_("Dagen opvang")),
                "data": [r["reception_days"].chart for r in months],
            },
            {
                "label": str(_("Uren vrijwilligerswerk")),
                "data": [r["volunteer_hours"].chart for r in months],
            },
        ],
    }
    places = {
        "type": "bar",
        "xTitle": str(_("Gemeente")),
        "yTitle": str(_("Dagen opvang")),
        "labels": [row["municipality"] for row in per_place],
        "datasets": [
            {
                "label": str(_("Dagen opvang")),
                "data": [r["reception_days"].chart for r in per_place],
            }
        ],
    }
    stages = {
        "type": "bar",
        "indexAxis": "y",
        "xTitle": str(_("Huishoudens")),
        "labels": [str(row["status"]).capitalize() for row in funnel],
        "datasets": [{"label": str(_("Huishoudens")), "data": [r["count"].chart for r in funnel]}],
    }
    return render(
        request,
        "impact/dashboard.html",
        {
            "form": form,
            "period": period,
            **tables,
            "pipeline": funnel,
            "trend": trend,
            "places_chart": places,
            "stages": stages,
            "evidence_links": [BY_KEY[key] for key in DASHBOARD_FIGURES],
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


# -- evidence --------------------------------------------------------------------------------


@role_required(*REPORTING)
def indicator(request, key):
    """What stands behind one figure: its definition, the records it rests on, its parts
    per municipality and per month, and how complete the data under it is."""
    if key not in BY_KEY:
        raise Http404
    form, period = period_from(request)
    report = build(period)
    return render(
        request,
        "impact/indicator.html",
        {
            "form": form,
            "period": period,
            "report": report,
            "last_day": period.end - datetime.timedelta(days=1),
            **evidence(report, key),
            **definitions(),
        },
    )


@role_required(*REPORTING)
def method(request):
    """How every figure is counted: the definitions, in words."""
    return render(request, "impact/method.html", definitions())


@role_required(*REPORTING)
def data_completeness(request):
    """Per municipality, where the figures are thin because logs or evaluations are
    missing; coordinators go from there to the years behind it. A page of its own, and
    the section the dashboard loads into itself."""
    form, period = period_from(request)
    shares = completeness(period, per_place=True)
    whole = whole_of(shares)
    places = Municipality.objects.only("pk", "name").order_by("name")
    if period.municipality_ids is not None:
        places = places.filter(pk__in=period.municipality_ids)
    rows = [
        {"municipality": m, "shares": share_rows(shares[m.pk])} for m in places if m.pk in shares
    ]
    template = "impact/_completeness.html" if request.htmx else "impact/completeness.html"
    return render(
        request,
        template,
        {
            "form": form,
            "period": period,
            "rows": rows,
            "whole": share_rows(whole),
            "days": LOGGED_WITHIN_DAYS,
            "may_follow": request.user.has_role(*COORDINATING),
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


@role_required(*REPORTING)
def recruitment_funnel(request):
    """From a resident's sign-up to a completed year, per municipality: how many made
    each step, what share of the step before, and how long it took. A page of its own,
    and the section the dashboard loads into itself."""
    form, period = period_from(request)
    funnel = recruitment(period)
    steps = [label for _key, label in STEP_LABELS]
    template = "impact/_recruitment.html" if request.htmx else "impact/recruitment.html"
    return render(
        request,
        template,
        {
            "form": form,
            "period": period,
            **funnel,
            "steps": steps,
            "columns": 2 + 3 * len(steps),
            "keep_months": SignUp.KEEP_MONTHS,
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


# -- exports ---------------------------------------------------------------------------------


@role_required(*REPORTING)
@require_http_methods(["GET", "POST"])
def exports(request):
    """Ask for a report file; see your earlier ones and download them when ready."""
    form, period = period_from(request)
    formats = [
        choice
        for choice in ExportJob.Format.choices
        if choice[0] != ExportJob.Format.ACTIVITIES or request.user.has_role(*COORDINATING)
    ]
    asked = {"format": formats[0][0], "taal": translation.get_language()[:2], "voorwoord": ""}
    if request.method == "POST":
        asked = {key: request.POST.get(key, default) for key, default in asked.items()}
        chosen = asked["format"]
        if form.is_bound and not form.is_valid():
            messages.error(request, _("Kies eerst een geldige periode."))
        elif chosen not in dict(formats):
            messages.error(request, _("Kies een soort rapport."))
        else:
            try:
                export_request(
                    user=request.user,
                    format=chosen,
                    period=period,
                    language=asked["taal"],
                    foreword=asked["voorwoord"],
                )
            except ApplicationError as error:
                # Shown with what was typed, so a foreword is not lost to one bad line.
                messages.error(request, str(error))
            else:
                messages.success(request, _("Je rapport wordt gemaakt; het verschijnt hieronder."))
                return redirect(f"{reverse('impact:exports')}?{request.GET.urlencode()}")
    jobs = ExportJob.objects.filter(requested_by=request.user)[:20]
    return render(
        request,
        "impact/exports.html",
        {
            "form": form,
            "period": period,
            "formats": formats,
            "report_languages": REPORT_LANGUAGES,
            "foreword_max": FOREWORD_MAX,
            "asked": asked,
            "jobs": jobs,
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


@role_required(*REPORTING)
def export_status(request, code):
    """One row of the exports table (polled by htmx until the file is ready)."""
    job = get_object_or_404(ExportJob.objects.filter(requested_by=request.user), code=code)
    return render(request, "impact/_export_row.html", {"job": job})


@role_required(*REPORTING)
def export_download(request, code):
    """The file, only to the person who asked for it, and never cached."""
    job = get_object_or_404(
        ExportJob.objects.filter(requested_by=request.user, status=ExportJob.Status.DONE),
        code=code,
    )
    access_log(user=request.user, action=AccessLog.Action.EXPORT, obj=job)
    response = StreamingHttpResponse(read_chunks(job), content_type=CONTENT_TYPES[extension(job)])
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response["Content-Length"] = str(job.size)
    response["Cache-Control"] = "no-store"
    return response
