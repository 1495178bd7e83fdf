from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from samenhier.admin import ScopedAdmin, ScopedInline, StatusChangeInline, transition_actions

from .models import (
    Match,
    MatchingPolicy,
    MatchStatusChange,
    Milestone,
    Proposal,
    ProposalRound,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
    Veto,
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


@admin.register(MatchingPolicy)
class MatchingPolicyAdmin(ScopedAdmin):
    """Coordinators tune their partner organisation's weights; administrators the national
    default that applies where a partner has none."""

    list_display = ["__str__", *MatchingPolicy.WEIGHTS, "updated_at"]
    fieldsets = [
        (None, {"fields": ["partner"]}),
        (_("Gewichten (0 = telt niet mee)"), {"fields": list(MatchingPolicy.WEIGHTS)}),
        (_("Afstanden"), {"fields": ["nearby_km", "max_km"]}),
    ]

    def get_queryset(self, request):
        # Everyone who may see policies also sees the national default.
        qs = super().get_queryset(request)
        return (qs | MatchingPolicy.objects.filter(partner=None)).distinct()

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.partner_id is None and not request.user.is_administrator:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_administrator and super().has_delete_permission(request, obj)


@admin.register(Veto)
class VetoAdmin(ScopedAdmin):
    list_display = ["refugee", "group", "reason", "by", "at"]
    list_filter = ["refugee__municipality"]
    search_fields = ["refugee__first_name", "group__name"]
    fields = ["refugee", "group", "reason", "by", "at"]
    readonly_fields = ["by", "at"]

    def save_model(self, request, obj, form, change):
        if obj.by_id is None:
            obj.by = request.user
        super().save_model(request, obj, form, change)


class ProposalInline(ScopedInline):
    model = Proposal
    fields = ["refugee", "group", "score", "status", "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProposalRound)
class ProposalRoundAdmin(ScopedAdmin):
    list_display = ["__str__", "run_by", "households", "groups", "total_score"]
    list_filter = ["municipality"]
    fields = ["municipality", "run_by", "run_at", "weights", "households", "groups", "total_score"]
    readonly_fields = fields
    inlines = [ProposalInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
