"""The home page of each role, the coordinators' match board, and a match's page."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from groups.models import WelcomeGroup
from groups.selectors import groups_managed_by
from groups.views import confidentiality_redirect
from refugees.models import Refugee
from samenhier.access import any_role, role_required
from samenhier.models import LifeDomain, Municipality
from samenhier.roles import Role
from samenhier.transitions import TransitionError

from .explain import HARD_REASON_LABELS, contribution_rows
from .forms import (
    CheckInForm,
    EndEarlyForm,
    EvaluationForm,
    GoalForm,
    NoteForm,
    OverrideForm,
    RoundForm,
    StartForm,
)
from .models import SCORED_AT, Match, Milestone
from .selectors import (
    check_ins_due,
    groups_of_member,
    matches_for_user,
    matches_managed_by,
    matches_to_confirm,
    pipeline,
    pipeline_by_municipality,
    proposals_for_user,
    rounds_for_user,
    timeline,
    trajectories_managed_by,
    trajectories_of_household,
    trajectories_of_member,
    waiting_counts,
)
from .services import (
    check_in_record,
    match_confirm_by_group,
    match_record_household_consent,
    match_transition,
    proposal_accept,
    proposal_decline,
    proposal_override,
    proposal_veto,
    round_run,
    trajectory_goal_save,
)
from .services import milestone_evaluate as milestone_evaluate_service


@any_role
def home(request):
    """What each role needs first; a person with several roles sees each part."""
    user = request.user
    context = {}
    if user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR):
        ids = user.municipality_ids
        context["pipeline"] = _pipeline_rows(pipeline(municipality_ids=ids))
        context["municipalities"] = Municipality.objects.filter(pk__in=ids)
    if user.has_role(Role.COMMUNITY_BUILDER):
        context["built_groups"] = (
            groups_managed_by(user).filter(community_builder=user).select_related("municipality")
        )
    if user.has_role(Role.PROGRAMME_STAFF):
        # Aggregates per municipality, 25 a page (200 municipalities at national scale).
        context["national"] = Paginator(_national_rows(pipeline_by_municipality()), 25).get_page(
            request.GET.get("pagina")
        )
    if user.has_role(Role.GROUP_MEMBER):
        context["my_groups"] = groups_of_member(user)
        if user.roles == {Role.GROUP_MEMBER} and len(context["my_groups"]) == 1:
            # "Mijn groep" is a group member's real start page.
            return redirect("impact:portal", code=context["my_groups"][0].pk)
        context["to_confirm"] = (
            matches_to_confirm(user)
            .exclude(group_confirmed_at__isnull=False)
            .select_related("group")
            .annotate(household_first_name=F("refugee__first_name"))
        )
    if user.has_role(Role.REFUGEE):
        context["my_household"] = Refugee.objects.filter(user=user).first()
        context["my_matches"] = (
            matches_for_user(user).filter(refugee__user=user).select_related("group")
        )
        trajectory = trajectories_of_household(user).select_related("match__group").first()
        if trajectory is not None:
            context["my_year"] = {
                "trajectory": trajectory,
                "timeline": timeline(trajectory),
                "goals": trajectory.goals.select_related("life_domain"),
                "check_ins_due": check_ins_due(trajectory),
            }
    return render(request, "matching/home.html", context)


def _pipeline_rows(counts: dict) -> list[dict]:
    """The pipeline as rows of (label, [(status label, count)]) for the template."""
    return [
        {"label": label, "cells": [(choice.label, counts[key][choice.value]) for choice in choices]}
        for key, label, choices in (
            ("refugees", Refugee._meta.verbose_name_plural, Refugee.Status),
            ("groups", WelcomeGroup._meta.verbose_name_plural, WelcomeGroup.Status),
            ("matches", Match._meta.verbose_name_plural, Match.Status),
        )
    ]


def _national_rows(table: list[dict]) -> list[dict]:
    """Per municipality: households waiting, groups ready, matches active and completed."""
    rows = [
        {
            "name": row["name"],
            "waiting": row["refugees"].get("intake", 0) + row["refugees"].get("ready", 0),
            "groups_ready": row["groups"].get("ready", 0),
            "active": row["matches"].get("active", 0),
            "completed": row["matches"].get("completed", 0),
        }
        for row in table
    ]
    return rows


# -- match board ---------------------------------------------------------------------------

COORDINATING = (Role.COORDINATOR, Role.ADMINISTRATOR)


@role_required(*COORDINATING)
@require_http_methods(["GET", "POST"])
def board(request):
    """Run a proposal round for one of the coordinator's municipalities; see past rounds."""
    municipalities = Municipality.objects.filter(pk__in=request.user.municipality_ids)
    form = RoundForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        round_ = round_run(municipality=form.cleaned_data["municipality"], by=request.user)
        messages.success(
            request,
            ngettext(
                "De ronde deed %(n)d voorstel.",
                "De ronde deed %(n)d voorstellen.",
                round_.proposals.count(),
            )
            % {"n": round_.proposals.count()},
        )
        return redirect("matching:round", code=round_.code)
    rounds = (
        rounds_for_user(request.user)
        .select_related("municipality", "run_by")
        .annotate(
            n_proposals=Count("proposals", distinct=True),
            n_open=Count("proposals", filter=Q(proposals__status="open"), distinct=True),
            n_unmatched=Count("unmatched", distinct=True),
        )[:20]
    )
    return render(
        request,
        "matching/board.html",
        {
            "form": form,
            "rounds": rounds,
            "waiting": waiting_counts(municipality_ids=request.user.municipality_ids),
        },
    )


@role_required(*COORDINATING)
def round_detail(request, code):
    """Each proposal with its explanation, alternatives and the decisions; the unmatched."""
    round_ = get_object_or_404(
        rounds_for_user(request.user).select_related("municipality"), code=code
    )
    page = Paginator(
        round_.proposals.select_related("refugee", "group", "match", "decided_by").order_by(
            "status", "-score", "pk"
        ),
        25,
    ).get_page(request.GET.get("pagina"))
    proposals = list(page)
    # The first 100; the page says how many there are in all.
    unmatched = list(round_.unmatched.select_related("refugee").order_by("pk")[:100])
    group_codes = {alt["group"] for p in proposals for alt in p.alternatives}
    group_codes |= {alt["group"] for u in unmatched for alt in u.detail.get("alternatives", [])}
    groups = WelcomeGroup.objects.in_bulk([uuid.UUID(c) for c in group_codes])
    for p in proposals:
        p.rows = contribution_rows(p.contributions, round_.weights)
        p.alternative_groups = [
            {"group": groups[uuid.UUID(a["group"])], "score": a["score"]}
            for a in p.alternatives
            if uuid.UUID(a["group"]) in groups
        ]
    for u in unmatched:
        u.excluded = [
            {"label": HARD_REASON_LABELS.get(key, key), "count": count}
            for key, count in u.detail.get("excluded", {}).items()
        ]
        u.alternative_groups = [
            {"group": groups[uuid.UUID(a["group"])], "score": a["score"]}
            for a in u.detail.get("alternatives", [])
            if uuid.UUID(a["group"]) in groups
        ]
    return render(
        request,
        "matching/round.html",
        {
            "round": round_,
            "proposals": proposals,
            "unmatched": unmatched,
            "unmatched_total": round_.unmatched.count(),
            "page": page,
        },
    )


@role_required(*COORDINATING)
@require_POST
def proposal_decide(request, code, action):
    """Accept, decline, veto or override a proposal; who, when and why are kept."""
    if action not in ("accept", "decline", "veto", "override"):
        raise Http404
    proposal = get_object_or_404(proposals_for_user(request.user), code=code)
    form = (OverrideForm if action == "override" else NoteForm)(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Controleer de invoer: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
        return redirect("matching:round", code=proposal.round_id)
    note = form.cleaned_data["note"]
    try:
        if action == "accept":
            match = proposal_accept(proposal=proposal, by=request.user, note=note)
        elif action == "override":
            group = get_object_or_404(
                groups_managed_by(request.user), code=form.cleaned_data["group"]
            )
            match = proposal_override(proposal=proposal, group=group, by=request.user, note=note)
        elif action == "decline":
            proposal_decline(proposal=proposal, by=request.user, note=note)
            match = None
        else:  # veto
            proposal_veto(proposal=proposal, by=request.user, note=note)
            match = None
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("matching:round", code=proposal.round_id)
    if match is not None:
        messages.success(request, _("Koppeling voorgesteld aan de groep en het huishouden."))
        return redirect("matching:match", code=match.code)
    messages.success(request, _("Uw besluit is vastgelegd."))
    return redirect("matching:round", code=proposal.round_id)


# -- a match, until it becomes active ------------------------------------------------------


@role_required(*COORDINATING, Role.COMMUNITY_BUILDER)
def match_detail(request, code):
    match = get_object_or_404(
        matches_managed_by(request.user).select_related(
            "refugee__municipality", "group", "group_confirmed_by", "household_consent_by"
        ),
        code=code,
    )
    return render(
        request,
        "matching/match.html",
        {
            "match": match,
            "history": match.status_changes.select_related("by"),
            "start_form": StartForm(),
            "note_form": NoteForm(),
            "can_act": request.user.has_role(*COORDINATING),
        },
    )


@role_required(*COORDINATING)
@require_POST
def match_act(request, code, action):
    """Record the household's consent, start the year, or decline the match."""
    if action not in ("consent", "start", "decline"):
        raise Http404
    match = get_object_or_404(matches_managed_by(request.user), code=code)
    try:
        if action == "consent":
            match_record_household_consent(match=match, by=request.user)
            messages.success(request, _("De instemming van het huishouden is vastgelegd."))
        elif action == "start":
            form = StartForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors["start_date"]))
                return redirect("matching:match", code=match.code)
            match_transition(
                match=match,
                to=Match.Status.ACTIVE,
                by=request.user,
                on=form.cleaned_data["start_date"],
            )
            messages.success(request, _("Het jaar is begonnen."))
        else:  # decline
            form = NoteForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            if not note.strip():
                messages.error(request, _("Geef een korte toelichting bij dit besluit."))
                return redirect("matching:match", code=match.code)
            match_transition(match=match, to=Match.Status.DECLINED, by=request.user, note=note)
            messages.success(request, _("De koppeling is afgewezen."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("matching:match", code=match.code)


@role_required(Role.GROUP_MEMBER)
@require_POST
def match_group_confirm(request, code):
    """The group's contact person confirms (or declines) a proposed match for the group."""
    match = get_object_or_404(matches_to_confirm(request.user), code=code)
    try:
        if request.POST.get("decision") == "decline":
            form = NoteForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            if not note.strip():
                messages.error(request, _("Vertel kort waarom de groep deze koppeling afwijst."))
                return redirect("matching:home")
            match_transition(match=match, to=Match.Status.DECLINED, by=request.user, note=note)
            messages.success(request, _("U heeft de koppeling afgewezen namens de groep."))
        else:
            match_confirm_by_group(match=match, by=request.user)
            messages.success(request, _("Dank u! U heeft de koppeling bevestigd namens de groep."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("matching:home")


# -- the year: evaluations, the action plan, the household's check-ins, ending early ---------

FOLLOWING = (Role.GROUP_MEMBER, Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.ADMINISTRATOR)


def _trajectory_for(user, code):
    """A trajectory the user works on: their own group's (active) or one they manage.
    (A member who has not yet accepted the confidentiality statement is sent there
    first: see the callers.)"""
    scope = trajectories_of_member(user) | trajectories_managed_by(user)
    return get_object_or_404(
        scope.select_related("match__group", "match__refugee").distinct(), code=code
    )


def _back(user, trajectory) -> str:
    if user.has_role(Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.ADMINISTRATOR):
        return reverse("impact:trajectory", args=[trajectory.code])
    return reverse("impact:portal", args=[trajectory.match.group_id])


@role_required(*FOLLOWING)
@require_http_methods(["GET", "POST"])
def milestone_evaluate(request, code, kind):
    """Fill in (or improve) a milestone's evaluation."""
    trajectory = _trajectory_for(request.user, code)
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
        initial={"notes": milestone.notes, "exit_plan": milestone.exit_plan, **existing},
    )
    if request.method == "POST" and form.is_valid():
        try:
            milestone_evaluate_service(
                milestone=milestone,
                by=request.user,
                notes=form.cleaned_data["notes"],
                exit_plan=form.cleaned_data.get("exit_plan", ""),
                scores=form.scores(),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De evaluatie is opgeslagen. Dank u!"))
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
        except TransitionError as error:
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
        trajectory.milestones.exclude(kind=Milestone.Kind.ACTION_PLAN), kind=kind
    )
    existing = trajectory.check_ins.filter(milestone=kind).first()
    initial = (
        {"score": existing.score, "helps": existing.helps, "missing": existing.missing}
        if existing
        else None
    )
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        check_in_record(trajectory=trajectory, milestone=kind, by=request.user, **form.cleaned_data)
        messages.success(request, _("Dank u wel! Uw coördinator leest uw antwoord."))
        return redirect("matching:home")
    return render(
        request,
        "matching/check_in.html",
        {
            "trajectory": trajectory,
            "milestone": milestone,
            "form": form,
        },
    )


@role_required(*COORDINATING)
@require_http_methods(["GET", "POST"])
def match_end_early(request, code):
    """End an active match before the year is over, with a reason."""
    match = get_object_or_404(
        matches_managed_by(request.user).filter(status=Match.Status.ACTIVE), code=code
    )
    form = EndEarlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            match_transition(
                match=match,
                to=Match.Status.ENDED_EARLY,
                by=request.user,
                on=form.cleaned_data["end_date"],
                end_reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De koppeling is beëindigd."))
            return redirect("matching:match", code=match.code)
    return render(request, "matching/end_early.html", {"match": match, "form": form})
