from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenhier.admin import (
    AccessLoggedAdmin,
    ScopedAdmin,
    ScopedInline,
    StatusChangeInline,
    municipality_scope,
    transition_actions,
)

from .models import (
    ActivityLog,
    Match,
    MatchingPolicy,
    MatchStatusChange,
    Milestone,
    NetworkIntroduction,
    Proposal,
    ProposalRound,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
    Veto,
)
from .services.matches import match_transition
from .services.rounds import veto_add


class MatchStatusChangeInline(StatusChangeInline):
    model = MatchStatusChange


@admin.register(Match)
class MatchAdmin(AccessLoggedAdmin):
    list_display = [
        "__str__",
        "household_municipality",
        "status",
        "persons",
        "start_date",
        "planned_end_date",
        "actual_end_date",
    ]
    list_filter = [
        "refugee__municipality",
        "status",
        "refugee__variant",
        "end_reason",
        "start_date",
    ]
    search_fields = ["refugee__first_name", "refugee__last_name", "group__name"]
    # Thousands of matches at national scale: a start-date filter instead of the date
    # hierarchy (two more scans a page), and one count.
    show_full_result_count = False
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
    # Completing a year is the coordinator's confirmed action on its page, from month 11
    # (year_complete), never an admin action.
    actions = transition_actions(
        Match,
        match_transition,
        "match",
        [Match.Status.ACCEPTED, Match.Status.ACTIVE, Match.Status.DECLINED],
    )

    def has_add_permission(self, request):
        # Matches are proposed on the match board, where the constraints are checked.
        return False

    def view_on_site(self, obj):
        return reverse("matching:match", args=[obj.pk])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("refugee__municipality", "group")

    # Not named `municipality`: a model field of that name (where the year ran, set when
    # it starts) would be shown instead, one query a row.
    @admin.display(description=_("gemeente"), ordering="refugee__municipality__name")
    def household_municipality(self, obj):
        return obj.refugee.municipality


class ReadOnlyInline(ScopedInline):
    """The year is written in the app, through its services (evaluations complete
    milestones, goals and scores have their rules): the admin only shows it."""

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["kind", "due_date", "completed_on", "notes"]
    readonly_fields = fields


class TrajectoryGoalInline(ReadOnlyInline):
    model = TrajectoryGoal
    fields = ["life_domain", "description", "status"]
    readonly_fields = fields


class SelfRelianceScoreInline(ReadOnlyInline):
    model = SelfRelianceScore
    fields = ["life_domain", "moment", "score"]
    readonly_fields = fields


@admin.register(Trajectory)
class TrajectoryAdmin(AccessLoggedAdmin):
    list_display = ["__str__", "status", "start_date", "planned_end_date"]
    list_filter = ["match__refugee__municipality", "match__status"]
    search_fields = ["match__refugee__first_name", "match__group__name"]
    readonly_fields = ["match", "created_at"]
    fields = ["match", "created_at"]
    inlines = [MilestoneInline, TrajectoryGoalInline, SelfRelianceScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("matching:trajectory", args=[obj.pk])

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
        qs = admin.ModelAdmin.get_queryset(self, request)
        scope = municipality_scope(self.model, request.user)
        if scope is None:
            return qs
        return qs.filter(scope | Q(partner=None)).distinct()

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
        if change:
            obj.save(update_fields=["reason"])
        else:
            veto_add(refugee=obj.refugee, group=obj.group, by=request.user, reason=obj.reason)


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


class NetworkIntroductionInline(ReadOnlyInline):
    model = NetworkIntroduction
    fields = ["kind"]
    readonly_fields = fields


@admin.register(ActivityLog)
class ActivityLogAdmin(AccessLoggedAdmin):
    list_display = ["date", "trajectory", "hours", "present"]
    list_select_related = ["trajectory__match__refugee", "trajectory__match__group"]
    list_filter = ["trajectory__match__refugee__municipality", "life_domains"]
    date_hierarchy = "date"
    search_fields = ["trajectory__match__group__name"]
    filter_horizontal = ["life_domains"]
    fields = [
        "trajectory",
        "date",
        "life_domains",
        "hours",
        "members_present",
        "description",
        "logged_by",
    ]
    readonly_fields = fields
    inlines = [NetworkIntroductionInline]

    # Logs are written and removed by the group in the app (activity_log_save and
    # activity_log_delete keep the figures); a household's erasure removes its own.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("matching:activity_list", args=[obj.trajectory_id])

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("trajectory__match__refugee", "trajectory__match__group")
            .annotate(n_present=Count("members_present", distinct=True))
        )

    @admin.display(description=_("aanwezig"), ordering="n_present")
    def present(self, obj):
        return obj.n_present
