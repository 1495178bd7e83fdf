from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from samenhier.admin import ScopedAdmin, ScopedInline, StatusChangeInline, transition_actions

from .models import (
    Match,
    MatchStatusChange,
    Milestone,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
)
from .services import match_transition


class MatchStatusChangeInline(StatusChangeInline):
    model = MatchStatusChange


@admin.register(Match)
class MatchAdmin(ScopedAdmin):
    list_display = [
        "__str__",
        "municipality",
        "status",
        "persons",
        "start_date",
        "planned_end_date",
        "actual_end_date",
    ]
    list_filter = ["refugee__municipality", "status", "refugee__variant", "end_reason"]
    search_fields = ["refugee__first_name", "refugee__last_name", "group__name"]
    date_hierarchy = "start_date"
    fields = [
        "refugee",
        "group",
        "status",
        "persons",
        "start_date",
        "planned_end_date",
        "actual_end_date",
        "end_reason",
        "end_note",
        "group_confirmed_at",
        "household_consent_at",
        "created_by",
        "created_at",
    ]
    readonly_fields = [f for f in fields if f != "end_note"]
    inlines = [MatchStatusChangeInline]
    actions = transition_actions(
        Match,
        match_transition,
        "match",
        [Match.Status.ACCEPTED, Match.Status.ACTIVE, Match.Status.COMPLETED, Match.Status.DECLINED],
    )

    def has_add_permission(self, request):
        # Matches are proposed on the match board, where the constraints are checked.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("refugee__municipality", "group")

    @admin.display(description=_("gemeente"), ordering="refugee__municipality__name")
    def municipality(self, obj):
        return obj.refugee.municipality


class MilestoneInline(ScopedInline):
    model = Milestone
    fields = ["kind", "due_date", "completed_on", "notes"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request, obj=None):
        return False


class TrajectoryGoalInline(ScopedInline):
    model = TrajectoryGoal
    fields = ["life_domain", "description", "status"]


class SelfRelianceScoreInline(ScopedInline):
    model = SelfRelianceScore
    fields = ["life_domain", "moment", "score"]


@admin.register(Trajectory)
class TrajectoryAdmin(ScopedAdmin):
    list_display = ["__str__", "status", "start_date", "planned_end_date"]
    list_filter = ["match__refugee__municipality", "match__status"]
    search_fields = ["match__refugee__first_name", "match__group__name"]
    readonly_fields = ["match", "created_at"]
    fields = ["match", "created_at"]
    inlines = [MilestoneInline, TrajectoryGoalInline, SelfRelianceScoreInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("match__refugee", "match__group")

    @admin.display(description=_("status"), ordering="match__status")
    def status(self, obj):
        return obj.match.get_status_display()

    @admin.display(description=_("startdatum"), ordering="match__start_date")
    def start_date(self, obj):
        return obj.match.start_date

    @admin.display(description=_("geplande einddatum"), ordering="match__planned_end_date")
    def planned_end_date(self, obj):
        return obj.match.planned_end_date
