"""The home page of each role, and (later) the match board and trajectories."""

from django.shortcuts import render

from groups.models import WelcomeGroup
from groups.selectors import groups_managed_by
from refugees.models import Refugee
from samenhier.models import Municipality
from samenhier.roles import Role

from .models import Match
from .selectors import groups_of_member, matches_for_user, pipeline, pipeline_by_municipality


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
        context["national"] = _national_rows(pipeline_by_municipality())
    if user.has_role(Role.GROUP_MEMBER):
        context["my_groups"] = groups_of_member(user)
    if user.has_role(Role.REFUGEE):
        context["my_household"] = Refugee.objects.filter(user=user).first()
        context["my_matches"] = (
            matches_for_user(user).filter(refugee__user=user).select_related("group")
        )
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
