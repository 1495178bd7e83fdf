"""A match's page for those who run it, until and while its year runs: consent, start,
decline, end early and complete the year; the group's own confirmation, and the
household's, in its own language."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog
from samenhier.roles import COORDINATING, MANAGING, Role

from ..forms import CompleteYearForm, EndEarlyForm, NoteForm, StartForm
from ..models import Match
from ..selectors.matches import matches_for_user, matches_managed_by, matches_to_confirm
from ..services.matches import (
    AfterEarlyEnd,
    match_confirm_by_group,
    match_record_household_consent,
    match_transition,
    may_complete_year,
    year_completable_from,
    year_complete,
)


@role_required(*MANAGING)
def match_detail(request, code):
    match = get_object_or_404(
        matches_managed_by(request.user).select_related(
            "refugee__municipality", "group", "group_confirmed_by", "household_consent_by"
        ),
        code=code,
    )
    access_log(user=request.user, action=AccessLog.Action.VIEW, obj=match)
    return render(
        request,
        "matching/match.html",
        {
            "match": match,
            "history": match.status_changes.select_related("by"),
            "start_form": StartForm(),
            "note_form": NoteForm(),
            "can_act": request.user.has_role(*COORDINATING),
            "can_complete": match.status == Match.Status.ACTIVE
            and may_complete_year(request.user, match),
            "completable_from": year_completable_from(match),
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
            match_transition(match=match, to=Match.Status.DECLINED, by=request.user, note=note)
            messages.success(request, _("De koppeling is afgewezen."))
    except ApplicationError as error:
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
            match_transition(match=match, to=Match.Status.DECLINED, by=request.user, note=note)
            messages.success(request, _("Je hebt de koppeling afgewezen namens de groep."))
        else:
            match_confirm_by_group(match=match, by=request.user)
            messages.success(request, _("Dank je! Je hebt de koppeling bevestigd namens de groep."))
    except ApplicationError as error:
        messages.error(request, str(error))
    return redirect("matching:portal", code=match.group_id)


@role_required(*COORDINATING)
@require_http_methods(["GET", "POST"])
def match_end_early(request, code):
    """End an active match before the year is over, with a reason."""
    match = get_object_or_404(
        matches_managed_by(request.user).filter(status=Match.Status.ACTIVE), code=code
    )
    if request.method == "GET":
        # The household's full name and waiting date, as on the match's page: logged.
        access_log(user=request.user, action=AccessLog.Action.VIEW, obj=match)
    form = EndEarlyForm(
        request.POST or None, initial={"waiting_since": match.refugee.waiting_since}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            match_transition(
                match=match,
                to=Match.Status.ENDED_EARLY,
                by=request.user,
                on=data["end_date"],
                end_reason=data["reason"],
                note=data["note"],
                after=AfterEarlyEnd(
                    household=data["household_next"],
                    waiting_since=data["waiting_since"],
                    group=data["group_next"],
                    group_note=data["group_note"],
                    follow_up=data["follow_up"],
                ),
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De koppeling is beëindigd."))
            return redirect("matching:match", code=match.code)
    return render(request, "matching/end_early.html", {"match": match, "form": form})


@role_required(*MANAGING)
@require_http_methods(["GET", "POST"])
def match_complete_year(request, code):
    """Complete the year: a confirmed action of the coordinator (or, where the policy
    allows, the group's community builder), from month 11 on."""
    match = get_object_or_404(
        matches_managed_by(request.user)
        .filter(status=Match.Status.ACTIVE)
        .select_related("refugee__municipality", "group"),
        code=code,
    )
    if not may_complete_year(request.user, match):
        raise Http404
    if request.method == "GET":
        # The household's full name and its year's dates, as on the match's page: logged.
        access_log(user=request.user, action=AccessLog.Action.VIEW, obj=match)
    form = CompleteYearForm(request.POST or None)
    opens = year_completable_from(match)
    if request.method == "POST" and form.is_valid():
        try:
            year_complete(match=match, by=request.user, note=form.cleaned_data["note"])
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het jaar is afgerond. Dank voor de begeleiding!"))
            return redirect("matching:match", code=match.code)
    return render(
        request,
        "matching/complete_year.html",
        {
            "match": match,
            "form": form,
            "opens": opens,
            "too_early": timezone.localdate() < opens,
        },
    )


def _group_in_plain_words(group) -> dict:
    """What a household reads about the group it is asked to agree to: the members'
    first names, the languages they speak and the life domains they offer help with.
    Nothing else of them (no surnames, no addresses)."""
    memberships = group.memberships.select_related("user").prefetch_related("languages")
    languages = {}
    for membership in memberships:
        for language in membership.languages.all():
            languages[language.pk] = language
    return {
        "name": group.name,
        "first_names": [m.user.first_name for m in memberships if m.user.first_name],
        "languages": sorted(languages.values(), key=lambda language: language.name),
        "offers": [e.life_domain for e in group.expertise.select_related("life_domain")],
    }


@role_required(Role.REFUGEE)
@require_http_methods(["GET", "POST"])
def match_household_confirm(request, code):
    """The household's contact reads who the proposed group is, in plain words, and agrees
    to the match itself: recorded as the household's consent, as when the coordinator
    records it. Refuses a match that is not (or no longer) proposed, or not theirs."""
    match = get_object_or_404(
        matches_for_user(request.user)
        .filter(refugee__user=request.user, status=Match.Status.PROPOSED)
        .select_related("group"),
        code=code,
    )
    if request.method == "POST":
        try:
            match_record_household_consent(match=match, by=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                # Translators: household
                _("Dank je wel! Je hebt ja gezegd tegen de groep. Je coördinator hoort het."),
            )
        return redirect("home")
    return render(
        request,
        "matching/household_confirm.html",
        {"match": match, "group": _group_in_plain_words(match.group)},
    )
