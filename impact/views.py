"""The group members' portal ("Mijn groep"), their activity logs, and the follow-up of
trajectories by coordinators and community builders."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.models import Membership
from groups.selectors import groups_for_user
from groups.views import confidentiality_redirect
from matching.models import Match, SelfRelianceScore, Trajectory
from matching.profiles import need_to_know_profile
from matching.selectors import (
    matches_to_confirm,
    timeline,
    trajectories_managed_by,
    trajectories_of_member,
)
from samenhier.access import role_required
from samenhier.models import AccessLog, LifeDomain, Municipality
from samenhier.roles import Role
from samenhier.services import access_log
from samenhier.transitions import TransitionError

from .aggregates import Period, quarterly
from .exports import CONTENT_TYPES, extension, read_chunks
from .filters import FollowUpFilter
from .forms import ActivityForm, PeriodForm
from .indicators import SDG_NAMES
from .models import ActivityLog, ExportJob
from .report import cached_build, cached_dashboard, default_period, report_state
from .selectors import SIGNALS, activities_of, activity_summary, signal_counts, with_signals
from .services import activity_log_save, export_request

MANAGING = (Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.ADMINISTRATOR)


@role_required(Role.GROUP_MEMBER, *MANAGING)
def portal(request, code):
    """Mijn groep: the group, the household's need-to-know profile, the year, the logs.

    Coordinators and community builders of the group may look at it as the group sees it.
    """
    group = get_object_or_404(
        groups_for_user(request.user).select_related("municipality", "community_builder"),
        code=code,
    )
    if (gate := confidentiality_redirect(request, group.pk)) is not None:
        return gate
    members = Membership.objects.filter(group=group).select_related("user")
    years = []
    open_years = Trajectory.objects.filter(match__group=group, match__status=Match.Status.ACTIVE)
    for trajectory in open_years.select_related("match"):
        years.append(
            {
                "trajectory": trajectory,
                "profile": need_to_know_profile(trajectory.match.refugee_id),
                "timeline": timeline(trajectory),
                "goals": trajectory.goals.select_related("life_domain"),
                "recent": activities_of(trajectory)[:5],
            }
        )
    to_confirm = (
        matches_to_confirm(request.user)
        .filter(group=group, group_confirmed_at=None)
        .select_related("group")
        .annotate(household_first_name=F("refugee__first_name"))
    )
    return render(
        request,
        "impact/portal.html",
        {
            "group": group,
            "members": members,
            "years": years,
            "to_confirm": to_confirm,
            "is_contact": any(m.user_id == request.user.pk and m.is_contact for m in members),
        },
    )


def _save_activity(request, trajectory, activity=None):
    group = trajectory.match.group
    initial = None
    if activity is not None:
        initial = {
            "date": activity.date,
            "hours": activity.hours,
            "description": activity.description,
            "life_domains": activity.life_domains.all(),
            "members_present": activity.members_present.all(),
            **{f"intro_{kind}": n for kind, n in _intro_counts(activity).items()},
        }
    else:
        initial = {"members_present": Membership.objects.filter(group=group, user=request.user)}
    form = ActivityForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity_log_save(
                trajectory=trajectory,
                by=request.user,
                activity=activity,
                date=data["date"],
                hours=data["hours"],
                life_domains=data["life_domains"],
                members_present=data["members_present"],
                description=data["description"],
                introductions=form.introductions(),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De activiteit is vastgelegd. Dank jullie wel!"))
            return redirect("impact:portal", code=group.pk)
    return render(
        request,
        "impact/activity_form.html",
        {
            "form": form,
            "trajectory": trajectory,
            "group": group,
            "activity": activity,
        },
    )


def _intro_counts(activity) -> dict:
    counts: dict = {}
    for intro in activity.introductions.all():
        counts[intro.kind] = counts.get(intro.kind, 0) + 1
    return counts


@role_required(Role.GROUP_MEMBER, *MANAGING)
@require_http_methods(["GET", "POST"])
def activity_create(request, code):
    trajectory = get_object_or_404(
        trajectories_of_member(request.user).select_related("match__group"), code=code
    )
    if (gate := confidentiality_redirect(request, trajectory.match.group_id)) is not None:
        return gate
    return _save_activity(request, trajectory)


@role_required(Role.GROUP_MEMBER, *MANAGING)
@require_http_methods(["GET", "POST"])
def activity_edit(request, code):
    """Correct one of the group's own logs."""
    activity = get_object_or_404(
        ActivityLog.objects.filter(
            trajectory__in=trajectories_of_member(request.user)
        ).select_related("trajectory__match__group"),
        code=code,
    )
    return _save_activity(request, activity.trajectory, activity)


@role_required(Role.GROUP_MEMBER, *MANAGING)
def activity_list(request, code):
    """All logs of a trajectory, newest first, 25 a page."""
    trajectory = get_object_or_404(
        (trajectories_of_member(request.user) | trajectories_managed_by(request.user))
        .select_related("match__group")
        .distinct(),
        code=code,
    )
    page = Paginator(activities_of(trajectory), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "impact/activity_list.html",
        {
            "trajectory": trajectory,
            "page": page,
            "can_edit": trajectories_of_member(request.user).filter(pk=trajectory.pk).exists(),
        },
    )


@role_required(*MANAGING)
def followup(request):
    """Every trajectory in the user's scope with its health signals, to act on in time."""
    scope = with_signals(
        trajectories_managed_by(request.user).filter(match__status=Match.Status.ACTIVE)
    )
    municipalities = Municipality.objects.filter(pk__in=request.user.municipality_ids)
    filterset = FollowUpFilter(request.GET or None, queryset=scope, municipalities=municipalities)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else scope
    if not request.GET.get("order"):
        rows = rows.order_by("quiet_since", "match__start_date")
    rows = rows.select_related("match__group", "match__refugee__municipality").only(
        "code",
        "match__start_date",
        "match__planned_end_date",
        "match__group__name",
        "match__refugee__first_name",
        "match__refugee__municipality__name",
    )
    page = Paginator(rows, 25).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    for t in page:
        t.quiet_days = (today - t.quiet_since).days
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "impact/followup.html",
        {
            "filter": filterset,
            "page": page,
            "counts": signal_counts(scope),
            "signals": SIGNALS,
            "query": query.urlencode(),
        },
    )


@role_required(*MANAGING)
def trajectory_detail(request, code):
    """The whole year of one match for those who follow it, the household's voice included."""
    trajectory = get_object_or_404(
        with_signals(trajectories_managed_by(request.user)).select_related(
            "match__group__community_builder", "match__refugee__municipality"
        ),
        code=code,
    )
    access_log(user=request.user, action=AccessLog.Action.VIEW, obj=trajectory)
    domains = list(LifeDomain.objects.all())
    scores = {(s.life_domain_id, s.moment): s.score for s in trajectory.self_reliance_scores.all()}
    score_rows = [
        {"domain": d, "values": [scores.get((d.pk, m)) for m in SelfRelianceScore.Moment.values]}
        for d in domains
        if any((d.pk, m) in scores for m in SelfRelianceScore.Moment.values)
    ]
    return render(
        request,
        "impact/trajectory.html",
        {
            "trajectory": trajectory,
            "match": trajectory.match,
            "timeline": timeline(trajectory),
            "goals": trajectory.goals.select_related("life_domain"),
            "score_rows": score_rows,
            "moments": SelfRelianceScore.Moment.labels,
            "check_ins": trajectory.check_ins.select_related("by"),
            "summary": activity_summary(trajectory),
            "recent": activities_of(trajectory)[:10],
            "signals": [
                label for key, label in SIGNALS.items() if getattr(trajectory, f"signal_{key}")
            ],
            "can_end": request.user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR),
        },
    )


# -- the Social Handprint and the dashboards ------------------------------------------------

REPORTING = (Role.PROGRAMME_STAFF, Role.COORDINATOR, Role.ADMINISTRATOR)


def _scope(user) -> frozenset | None:
    """The municipalities whose figures a person sees: all for staff, their own for a
    coordinator."""
    if user.has_role(Role.PROGRAMME_STAFF) or user.is_administrator:
        return None
    return frozenset(user.municipality_ids)


def period_from(request, state: dict | None = None) -> tuple[PeriodForm, Period]:
    scope = _scope(request.user)
    places = Municipality.objects.only("pk", "name")
    if scope is not None:
        places = places.filter(pk__in=scope)
    form = PeriodForm(request.GET or None, municipalities=places)
    start, end = default_period(state=state)
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
    form.places = places
    return form, Period(start, end, chosen)


@role_required(*REPORTING)
def handprint(request):
    """The Social Handprint: the SDG wheel, the indicator cards, and what is behind each."""
    state = report_state()
    form, period = period_from(request, state)
    report = cached_build(period, state)
    sdg_rows = report.sdg_rows
    try:
        chosen = int(request.GET.get("sdg", ""))
    except ValueError:
        chosen = None
    chosen = chosen if chosen in report.sdg_hours else None
    wheel = {
        "type": "doughnut",
        "labels": [f"SDG {r['sdg']}: {r['name']}" for r in sdg_rows],
        "datasets": [
            {
                "data": [r["hours"] for r in sdg_rows],
                "backgroundColor": [r["colour"] for r in sdg_rows],
            }
        ],
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
            "wheel": wheel,
            "cards": report.indicator_rows(),
            "chosen": chosen,
            "chosen_cards": report.indicator_rows(sdg=chosen) if chosen else [],
            "chosen_domains": report.domains_for(chosen) if chosen else [],
            "chosen_name": SDG_NAMES.get(chosen, ""),
            "query": query.urlencode(),
            "last_day": period.end - datetime.timedelta(days=1),
        },
    )


@role_required(*REPORTING)
def dashboard(request):
    """Trends per month and quarter, municipalities side by side, the pipeline, waiting."""
    state = report_state()
    form, period = period_from(request, state)
    months, per_place, pipeline, waiting = cached_dashboard(period, state)
    trend = {
        "type": "line",
        "labels": [row["month"].strftime("%Y-%m") for row in months],
        "datasets": [
            {"label": str(_("Dagen opvang")), "data": [r["reception_days"] for r in months]},
            {
                "label": str(_("Uren vrijwilligerswerk")),
                "data": [r["volunteer_hours"] for r in months],
            },
        ],
    }
    places = {
        "type": "bar",
        "labels": [row["municipality"] for row in per_place],
        "datasets": [
            {"label": str(_("Dagen opvang")), "data": [r["reception_days"] for r in per_place]}
        ],
    }
    stages = {
        "type": "bar",
        "indexAxis": "y",
        "labels": [str(row["status"]).capitalize() for row in pipeline],
        "datasets": [{"label": str(_("Huishoudens")), "data": [r["count"] for r in pipeline]}],
    }
    return render(
        request,
        "impact/dashboard.html",
        {
            "form": form,
            "period": period,
            "months": months,
            "quarters": quarterly(months),
            "per_place": per_place,
            "pipeline": pipeline,
            "waiting": waiting,
            "trend": trend,
            "places_chart": places,
            "stages": stages,
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
        if choice[0] != ExportJob.Format.ACTIVITIES
        or request.user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    ]
    if request.method == "POST":
        chosen = request.POST.get("format", "")
        if chosen not in dict(formats):
            messages.error(request, _("Kies een soort rapport."))
        else:
            export_request(user=request.user, format=chosen, period=period)
            messages.success(request, _("Uw rapport wordt gemaakt; het verschijnt hieronder."))
        return redirect(f"{reverse('impact:exports')}?{request.GET.urlencode()}")
    jobs = ExportJob.objects.filter(requested_by=request.user)[:20]
    return render(
        request,
        "impact/exports.html",
        {
            "form": form,
            "period": period,
            "formats": formats,
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
