import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from samenhier.admin import (
    AccessLoggedAdmin,
    ScopedInline,
    StatusChangeInline,
    transition_actions,
)
from samenhier.links import RecordLinksAdminMixin
from samenhier.privacy import household_data, household_erase
from samenhier.roles import Role

from .models import (
    Consent,
    HouseholdGoal,
    HouseholdMember,
    HouseholdPreference,
    Refugee,
    RefugeeStatusChange,
)
from .services import consent_save, refugee_transition


class HouseholdMemberInline(ScopedInline):
    model = HouseholdMember
    fields = ["first_name", "relation", "birth_year"]


class HouseholdGoalInline(ScopedInline):
    model = HouseholdGoal
    fields = ["life_domain", "priority", "description"]


class HouseholdPreferenceInline(ScopedInline):
    model = HouseholdPreference
    fields = ["kind", "required"]


class ConsentInline(ScopedInline):
    model = Consent
    fields = ["subject", "text_version", "given_at", "recorded_by", "withdrawn_at"]
    readonly_fields = ["recorded_by"]
    can_delete = False


class RefugeeStatusChangeInline(StatusChangeInline):
    model = RefugeeStatusChange


@admin.register(Refugee)
class RefugeeAdmin(RecordLinksAdminMixin, AccessLoggedAdmin):
    list_display = [
        "__str__",
        "municipality",
        "variant",
        "status",
        "persons",
        "waiting_since",
    ]
    list_filter = ["municipality", "status", "variant"]
    search_fields = ["first_name", "last_name", "email"]
    date_hierarchy = "waiting_since"
    filter_horizontal = ["languages", "interests"]
    readonly_fields = ["status", "account", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["municipality", "variant", "status", "intake_date", "waiting_since"]}),
        (
            _("Hoofdcontactpersoon"),
            {"fields": ["first_name", "last_name", "birth_year", "email", "phone", "account"]},
        ),
        (
            _("Voor de koppeling"),
            {
                "fields": [
                    "languages",
                    "interpreter_available",
                    "accepts_neighbouring_municipality",
                    "interests",
                    "available_weekdays",
                    "available_evenings",
                    "available_weekends",
                    "latitude",
                    "longitude",
                    "shared_with_group",
                ]
            },
        ),
        (
            _("Vertrouwelijk (alleen coördinatoren)"),
            {
                "fields": [
                    "country_of_origin",
                    "residence_status",
                    "health_notes",
                    "coordinator_notes",
                ]
            },
        ),
        (_("Vastlegging"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [
        HouseholdMemberInline,
        HouseholdGoalInline,
        HouseholdPreferenceInline,
        ConsentInline,
        RefugeeStatusChangeInline,
    ]
    actions = [
        *transition_actions(
            Refugee,
            refugee_transition,
            "refugee",
            [Refugee.Status.READY, Refugee.Status.WITHDRAWN],
        ),
        "subject_access",
        "erase",
    ]

    @admin.action(
        description=_("Inzageverzoek: alle gegevens downloaden (AVG)"), permissions=["change"]
    )
    def subject_access(self, request, queryset):
        data = [household_data(refugee_code=r.pk, by=request.user) for r in queryset]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="inzageverzoek.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description=_("Gegevens wissen op verzoek (AVG, onomkeerbaar)"), permissions=["change"]
    )
    def erase(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/refugees/refugee/erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "households": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "title": _("Gegevens wissen"),
                },
            )
        for refugee in queryset:
            household_erase(refugee_code=refugee.pk, by=request.user)
        self.message_user(request, _("De persoonsgegevens zijn gewist."), messages.SUCCESS)
        return None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality")
            .annotate(member_count=Count("members"))
        )

    @admin.display(description=_("account"))
    def account(self, obj):
        """The household's account by its address, never the holder's name: until they
        accept, an existing account's name would tell the inviter who holds it."""
        if obj.user_id is None:
            return "–"
        state = _("actief") if obj.user.has_role(Role.REFUGEE) else _("uitgenodigd")
        return f"{obj.user.email} ({state})"

    @admin.display(description=_("personen"), ordering="member_count")
    def persons(self, obj):
        return obj.member_count + 1

    def save_formset(self, request, form, formset, change):
        # Consent is recorded by the person who entered it (the service says so).
        for instance in formset.save(commit=False):
            if isinstance(instance, Consent):
                consent_save(consent=instance, by=request.user)
            else:
                instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
