"""The year's pages: evaluations, the action plan, the household's check-ins, and the
whole year of one match for those who follow it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.views import confidentiality_redirect
from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog, LifeDomain
from samenhier.roles import COORDINATING, FOLLOWING, MANAGING, Role

from ..forms import CheckInForm, EvaluationForm, GoalForm
from ..models import SCORED_AT, CheckIn, Milestone, SelfRelianceScore
from ..selectors.followup import SIGNALS, with_signals
from ..selectors.year import (
    activities_of,
    activity_summary,
    follow_ups_of_member,
    timeline,
    trajectories_managed_by,
    trajectories_of_household,
    trajectories_of_member,
)
from ..services.matches import may_complete_year, year_completable_from
from ..services.year import check_in_record, trajectory_goal_save
from ..services.year import milestone_evaluate as milestone_evaluate_service


def _trajectory_for(user, code, *, follow_up: bool = False):
    """A trajectory the user works on: their own group's (active) or one they manage;
    for its follow-up, also their group's year that has ended. (A member who has not yet
    accepted the confidentiality statement is sent there first: see the callers.)"""
    scope = trajectories_of_member(user) | trajectories_managed_by(user)
    if follow_up:
        scope |= follow_ups_of_member(user)
    return get_object_or_404(
        scope.select_related("match__group", "match__refugee").distinct(), code=code
    )


def _back(user, trajectory) -> str:
    if user.has_role(*MANAGING):
        return reverse("matching:trajectory", args=[trajectory.code])
    return reverse("matching:portal", args=[trajectory.match.group_id])


@role_required(*FOLLOWING)
@require_http_methods(["GET", "POST"])
def milestone_evaluate(request, code, kind):
    """Fill in (or improve) a milestone's evaluation."""
    trajectory = _trajectory_for(request.user, code, follow_up=kind == Milestone.Kind.FOLLOW_UP)
    if (gate := confidentiality_redirect(request, trajectory.match.group_id)) is not None:
        return gate
    milestone = get_object_or_404(trajectory.milestones, kind=kind)
    domains = LifeDomain.objects.all()
    existing = {
        f"score_{s.life_domain.key}": s.score
        for s in trajectory.self_reliance_scores.filter(
            moment=SCORED_AT.get(milestone.kind)
        ).select_related("life_domain")
    }
    form = EvaluationForm(
        request.POST or None,
        milestone=milestone,
        life_domains=domains,
        initial={
            "notes": milestone.notes,
            "exit_plan": milestone.exit_plan,
            "contact": milestone.contact,
            **existing,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            milestone_evaluate_service(
                milestone=milestone,
                by=request.user,
                notes=form.cleaned_data["notes"],
                exit_plan=form.cleaned_data.get("exit_plan", ""),
                contact=form.cleaned_data.get("contact", ""),
                scores=form.scores(),
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De evaluatie is opgeslagen. Dank je!"))
            return redirect(_back(request.user, trajectory))
    return render(
        request,
        "matching/evaluation.html",
        {
            "trajectory": trajectory,
            "milestone": milestone,
            "form": form,
            "back": _back(request.user, trajectory),
        },
    )


@role_required(*FOLLOWING)
@require_http_methods(["GET", "POST"])
def goal_edit(request, code, goal=None):
    """Add a goal to the action plan, or change one (its progress, its words)."""
    trajectory = _trajectory_for(request.user, code)
    if (gate := confidentiality_redirect(request, trajectory.match.group_id)) is not None:
        return gate
    instance = get_object_or_404(trajectory.goals, pk=goal) if goal else None
    form = GoalForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            trajectory_goal_save(
                trajectory=trajectory, by=request.user, goal=instance, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het actieplan is bijgewerkt."))
            return redirect(_back(request.user, trajectory))
    return render(
        request,
        "matching/goal_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "goal": instance,
            "back": _back(request.user, trajectory),
        },
    )


@role_required(Role.REFUGEE)
@require_http_methods(["GET", "POST"])
def check_in(request, code, kind):
    """The household tells, in its own words, how it is going at a milestone."""
    trajectory = get_object_or_404(trajectories_of_household(request.user), code=code)
    milestone = get_object_or_404(
        trajectory.milestones.filter(kind__in=CheckIn.MILESTONES), kind=kind
    )
    existing = trajectory.check_ins.filter(milestone=kind).first()
    initial = (
        {
            "score": existing.score,
            "helps": existing.helps,
            "missing": existing.missing,
            "language": existing.language,
        }
        if existing
        else None
    )
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        check_in_record(trajectory=trajectory, milestone=kind, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            # Translators: household
            _("Dank je wel! Je coördinator en je community builder lezen je antwoord."),
        )
        return redirect("home")
    return render(
        request,
        "matching/check_in.html",
        {
            "trajectory": trajectory,
            "milestone": milestone,
            "form": form,
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
    match = trajectory.match
    return render(
        request,
        "matching/trajectory.html",
        {
            "trajectory": trajectory,
            "match": match,
            "timeline": timeline(trajectory),
            "goals": trajectory.goals.select_related("life_domain"),
            "score_rows": score_rows,
            "moments": SelfRelianceScore.Moment.labels,
            "check_ins": trajectory.check_ins.select_related("by", "language"),
            "summary": activity_summary(trajectory),
            "recent": activities_of(trajectory)[:10],
            "signals": [
                label for key, label in SIGNALS.items() if getattr(trajectory, f"signal_{key}")
            ],
            "can_end": request.user.has_role(*COORDINATING),
            "can_complete": may_complete_year(request.user, match),
            "completable_from": year_completable_from(match),
        },
    )
