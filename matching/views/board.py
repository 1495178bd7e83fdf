"""The coordinators' match board: proposal rounds and the decisions on their proposals."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from groups.models import WelcomeGroup
from groups.selectors import groups_managed_by
from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog, Municipality
from samenhier.roles import COORDINATING

from ..explain import HARD_REASON_LABELS, contribution_rows
from ..forms import NoteForm, OverrideForm, RoundForm
from ..models import Match
from ..selectors.matches import proposals_for_user, rounds_for_user, waiting_counts
from ..services.rounds import (
    proposal_accept,
    proposal_decline,
    proposal_override,
    proposal_veto,
    round_run,
)


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
    # Each household's full name, size, waiting date and an earlier year's end: one
    # access-log row for the round (its proposals say which households it showed).
    access_log(user=request.user, action=AccessLog.Action.VIEW, obj=round_)
    page = Paginator(
        round_.proposals.select_related("refugee", "group", "match", "decided_by")
        .annotate(household_size=Count("refugee__members") + 1)
        .order_by("status", "-score", "pk"),
        25,
    ).get_page(request.GET.get("pagina"))
    proposals = list(page)
    # The first 100; the page says how many there are in all.
    unmatched = list(round_.unmatched.select_related("refugee").order_by("pk")[:100])
    group_codes = {alt["group"] for p in proposals for alt in p.alternatives}
    group_codes |= {alt["group"] for u in unmatched for alt in u.detail.get("alternatives", [])}
    groups = WelcomeGroup.objects.in_bulk([uuid.UUID(c) for c in group_codes])
    # A household matched before: its last year that ended early, and why (one query).
    earlier = {}
    for refugee_id, reason, end in (
        Match.objects.filter(
            refugee__in=[p.refugee_id for p in proposals], status=Match.Status.ENDED_EARLY
        )
        .order_by("actual_end_date")
        .values_list("refugee_id", "end_reason", "actual_end_date")
    ):
        earlier[refugee_id] = {"reason": Match.EndReason(reason).label, "end": end}
    for p in proposals:
        p.earlier = earlier.get(p.refugee_id)
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
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("matching:round", code=proposal.round_id)
    if match is not None:
        messages.success(
            request,
            _(
                "Voorstel geaccepteerd: de koppeling is nu voorgesteld. De contactpersoon van "
                "de groep is gevraagd die te bevestigen; hieronder zie je wat er nog moet "
                "gebeuren voordat het jaar begint."
            ),
        )
        return redirect("matching:match", code=match.code)
    messages.success(request, _("Je besluit is vastgelegd."))
    return redirect("matching:round", code=proposal.round_id)
