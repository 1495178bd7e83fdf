from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from samenhier.admin import ScopedAdmin, ScopedInline, StatusChangeInline, transition_actions
from samenhier.errors import ApplicationError
from samenhier.links import RecordLinksAdminMixin

from .models import GroupExpertise, GroupStatusChange, Membership, WelcomeGroup
from .services import group_transition, membership_remove, membership_remove_check


class MembershipFormSet(BaseInlineFormSet):
    """A member ticked for deletion goes through `membership_remove`; one it would refuse
    (present at an activity) is refused on the form, before anything is saved."""

    def clean(self):
        super().clean()
        refused = []
        for form in self.initial_forms:
            if not self._should_delete_form(form):
                continue
            try:
                membership_remove_check(membership=form.instance)
            except ApplicationError as error:
                refused.append(str(error))
        if refused:
            raise ValidationError(refused)

    def delete_existing(self, obj, commit=True):
        if commit:
            membership_remove(membership=obj)


class MembershipInline(ScopedInline):
    model = Membership
    formset = MembershipFormSet
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
class WelcomeGroupAdmin(RecordLinksAdminMixin, ScopedAdmin):
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
