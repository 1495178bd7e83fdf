"""The matching app's parts of the home page (registered in apps.py), and where a group
member starts: their group's page ("Mijn groep")."""

from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse

from groups.models import WelcomeGroup
from groups.selectors import groups_managed_by, in_natural_order
from refugees.models import Refugee
from samenhier.cells import Cell
from samenhier.home import panel, start_page
from samenhier.models import Municipality
from samenhier.roles import Role

from .models import Match
from .selectors.actions import coordinator_actions
from .selectors.matches import (
    groups_of_member,
    matches_for_user,
    matches_to_confirm,
    pipeline,
    pipeline_by_municipality,
)
from .selectors.year import check_ins_due, timeline, trajectories_of_household


@start_page
def member_start(request) -> str | None:
    """A person who is only a group member, in one group, starts on "Mijn groep"."""
    user = request.user
    if user.roles != {Role.GROUP_MEMBER}:
        return None
    groups = list(WelcomeGroup.objects.filter(memberships__user=user).values_list("pk", flat=True))
    return reverse("matching:portal", args=[groups[0]]) if len(groups) == 1 else None


def _pipeline_rows(counts: dict) -> list[dict]:
    """The pipeline as one table per kind: (status label, count, the admin list of those
    records) for each status."""
    rows = []
    for key, model in (("refugees", Refugee), ("groups", WelcomeGroup), ("matches", Match)):
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        cells = [
            (choice.label, counts[key][choice.value], f"{changelist}?status__exact={choice.value}")
            for choice in model.Status
        ]
        rows.append({"key": key, "label": model._meta.verbose_name_plural, "cells": cells})
    return rows


@panel(template="matching/panels/coordinator.html", order=10)
def coordinator_panel(request):
    user = request.user
    if not user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR):
        return None
    ids = user.municipality_ids
    counts = pipeline(municipality_ids=ids)
    return {
        "actions": coordinator_actions(user),
        "waiting": sum(counts["refugees"][status] for status in Refugee.WAITING),
        "pipeline": _pipeline_rows(counts),
        "municipalities": Municipality.objects.filter(pk__in=ids),
    }


@panel(template="matching/panels/community_builder.html", order=20)
def community_builder_panel(request):
    user = request.user
    if not user.has_role(Role.COMMUNITY_BUILDER):
        return None
    return {
        "built_groups": in_natural_order(
            groups_managed_by(user).filter(community_builder=user).select_related("municipality")
        )
    }


def _national_rows(table: list[dict]) -> list[dict]:
    """Per municipality: households waiting, groups ready, matches active and completed;
    a count of fewer than 5 shows as "<5" (samenhier/cells.py)."""
    rows = []
    for row in table:
        counts = {
            "waiting": sum(row["refugees"].get(status, 0) for status in Refugee.WAITING),
            "groups_ready": row["groups"].get(WelcomeGroup.Status.READY, 0),
            "active": row["matches"].get(Match.Status.ACTIVE, 0),
            "completed": row["matches"].get(Match.Status.COMPLETED, 0),
        }
        rows.append({"name": row["name"], **{k: Cell.of(n, n) for k, n in counts.items()}})
    return rows


@panel(template="matching/panels/staff.html", order=30)
def staff_panel(request):
    if not request.user.has_role(Role.PROGRAMME_STAFF):
        return None
    # Aggregates per municipality, 25 a page (200 municipalities at national scale).
    rows = _national_rows(pipeline_by_municipality())
    return {"national": Paginator(rows, 25).get_page(request.GET.get("pagina"))}


@panel(template="matching/panels/member.html", order=40)
def member_panel(request):
    user = request.user
    if not user.has_role(Role.GROUP_MEMBER):
        return None
    return {
        "my_groups": groups_of_member(user),
        "to_confirm": matches_to_confirm(user)
        .exclude(group_confirmed_at__isnull=False)
        .select_related("group")
        .annotate(household_first_name=F("refugee__first_name")),
    }


@panel(template="matching/panels/household.html", order=50)
def household_panel(request):
    user = request.user
    if not user.has_role(Role.REFUGEE):
        return None
    context = {
        "my_household": Refugee.objects.filter(user=user).first(),
        "my_matches": matches_for_user(user).filter(refugee__user=user).select_related("group"),
    }
    trajectory = (
        trajectories_of_household(user)
        .select_related("match__group__community_builder", "match__refugee__municipality")
        .first()
    )
    if trajectory is not None:
        context["my_year"] = {
            "trajectory": trajectory,
            "timeline": timeline(trajectory),
            "goals": trajectory.goals.select_related("life_domain"),
            "check_ins_due": check_ins_due(trajectory),
        }
    return context
