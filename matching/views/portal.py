"""The group members' portal ("Mijn groep") and the group's activity logs."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.models import Membership
from groups.selectors import groups_for_user
from groups.views import confidentiality_redirect
from refugees.selectors import need_to_know_profile
from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog, User
from samenhier.roles import COORDINATING, FOLLOWING, Role

from ..forms import ActivityForm
from ..models import ActivityLog, Match, Milestone, Trajectory
from ..selectors.matches import matches_to_confirm
from ..selectors.year import (
    activities_of,
    timeline,
    trajectories_managed_by,
    trajectories_of_member,
)
from ..services.activities import activity_log_save


@role_required(*FOLLOWING)
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
    if not any(m.user_id == request.user.pk for m in members):
        # Someone who runs the group looks at what it sees of each household: logged.
        for year in years:
            access_log(
                user=request.user,
                action=AccessLog.Action.VIEW,
                object_type="refugee",
                object_code=year["trajectory"].match.refugee_id,
            )
    to_confirm = (
        matches_to_confirm(request.user)
        .filter(group=group, group_confirmed_at=None)
        .select_related("group")
        .annotate(household_first_name=F("refugee__first_name"))
    )
    return render(
        request,
        "matching/portal.html",
        {
            "group": group,
            "members": members,
            "years": years,
            # The follow-ups of the group's years that have ended: the household's first
            # name and the date, nothing more of a year that is no longer theirs.
            "follow_ups": Milestone.objects.filter(
                kind=Milestone.Kind.FOLLOW_UP,
                trajectory__match__group=group,
                trajectory__match__status__in=Match.ENDED,
            )
            .annotate(household_first_name=F("trajectory__match__refugee__first_name"))
            .order_by("completed_on", "due_date"),
            "to_confirm": to_confirm,
            "is_contact": any(m.user_id == request.user.pk and m.is_contact for m in members),
            # Who to call (the confidentiality statement points here): the community
            # builder, and the municipality's coordinators, also when there is no builder.
            "coordinators": User.objects.coordinators_of(group.municipality_id).only(
                "first_name", "last_name", "email"
            ),
            "in_admin": request.user.has_role(*COORDINATING),
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
            saved = activity_log_save(
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
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(saved, data))
            return redirect("matching:portal", code=group.pk)
    return render(
        request,
        "matching/activity_form.html",
        {
            "form": form,
            "trajectory": trajectory,
            "group": group,
            "activity": activity,
        },
    )


def _saved_message(activity, data) -> str:
    """What was saved, in one sentence at the top of the page the person lands on."""
    names = [m.user.first_name or m.user.email for m in data["members_present"]]
    return _(
        "De activiteit is vastgelegd: %(date)s, %(hours)s uur, %(domains)s, met %(names)s. "
        "Dank jullie wel!"
    ) % {
        "date": date_format(activity.date, "j F Y"),
        "hours": number_format(f"{Decimal(activity.hours).normalize():f}"),
        "domains": ", ".join(str(d) for d in data["life_domains"]),
        "names": ", ".join(names),
    }


def _intro_counts(activity) -> dict:
    counts: dict = {}
    for intro in activity.introductions.all():
        counts[intro.kind] = counts.get(intro.kind, 0) + 1
    return counts


# Logging and correcting an activity is the group's own record of what it did.
@role_required(Role.GROUP_MEMBER)
@require_http_methods(["GET", "POST"])
def activity_create(request, code):
    trajectory = get_object_or_404(
        trajectories_of_member(request.user).select_related("match__group"), code=code
    )
    if (gate := confidentiality_redirect(request, trajectory.match.group_id)) is not None:
        return gate
    return _save_activity(request, trajectory)


@role_required(Role.GROUP_MEMBER)
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


@role_required(*FOLLOWING)
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
        "matching/activity_list.html",
        {
            "trajectory": trajectory,
            "page": page,
            "can_edit": trajectories_of_member(request.user).filter(pk=trajectory.pk).exists(),
        },
    )
