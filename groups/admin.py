from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from samenhier.admin import ScopedAdmin, ScopedInline, StatusChangeInline, transition_actions

from .models import GroupExpertise, GroupStatusChange, Membership, WelcomeGroup
from .services import group_transition


class MembershipInline(ScopedInline):
    model = Membership
    fields = [
        "user",
        "is_contact",
        "languages",
        "participant_statement_signed_on",
        "vog_status",
        "vog_valid_until",
    ]
    readonly_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        # New members come in through an invitation (the button above), which also
        # makes their account.
        return False


class GroupExpertiseInline(ScopedInline):
    model = GroupExpertise
    fields = ["life_domain", "level", "note"]


class GroupStatusChangeInline(StatusChangeInline):
    model = GroupStatusChange


@admin.register(WelcomeGroup)
class WelcomeGroupAdmin(ScopedAdmin):
    list_display = [
        "name",
        "municipality",
        "variant",
        "status",
        "member_count",
        "capacity",
        "community_builder",
    ]
    list_filter = ["municipality", "status", "variant"]
    search_fields = ["name", "memberships__user__first_name", "memberships__user__last_name"]
    filter_horizontal = ["interests"]
    readonly_fields = ["status", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "municipality",
                    "variant",
                    "status",
                    "capacity",
                    "community_builder",
                    "description",
                ]
            },
        ),
        (_("Voorbereiding"), {"fields": ["intake_interview_on", "start_training_on"]}),
        (
            _("Voor de koppeling"),
            {
                "fields": [
                    "is_woman_led",
                    "has_children",
                    "typical_age",
                    "interests",
                    "available_weekdays",
                    "available_evenings",
                    "available_weekends",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (_("Vastlegging"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [MembershipInline, GroupExpertiseInline, GroupStatusChangeInline]
    actions = transition_actions(
        WelcomeGroup,
        group_transition,
        "group",
        [
            WelcomeGroup.Status.SCREENING,
            WelcomeGroup.Status.TRAINING,
            WelcomeGroup.Status.READY,
            WelcomeGroup.Status.WITHDRAWN,
        ],
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality", "community_builder")
            .annotate(n_members=Count("memberships", distinct=True))
        )

    @admin.display(description=_("leden"), ordering="n_members")
    def member_count(self, obj):
        return obj.n_members
