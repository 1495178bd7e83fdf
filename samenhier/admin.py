"""Admin of the core, and the scoping every app's admin shares.

Coordinators keep their records in the admin. `ScopedAdmin` shows them only the rows
of their own municipalities, and only those in the choices of a foreign key; status
fields are read-only and change through admin actions that call the transition
services, so the lifecycle and its status-change rows hold here too.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    AccessLog,
    Interest,
    Invitation,
    Language,
    LifeDomain,
    Municipality,
    PartnerOrganisation,
    User,
)
from .transitions import TransitionError


def municipality_scope(model, user) -> Q | None:
    """The filter that limits `model`'s rows to `user`'s municipalities (None: no limit)."""
    paths = getattr(model, "MUNICIPALITY_PATHS", None)
    if paths is None or user.is_administrator:
        return None
    ids = user.municipality_ids
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{path}__in": ids})
    return scope


class ScopedQuerysetMixin:
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = municipality_scope(self.model, request.user)
        return qs if scope is None else qs.filter(scope).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        scope = municipality_scope(db_field.related_model, request.user)
        if field is not None and scope is not None:
            field.queryset = field.queryset.filter(scope).distinct()
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        scope = municipality_scope(db_field.related_model, request.user)
        if field is not None and scope is not None:
            field.queryset = field.queryset.filter(scope).distinct()
        return field


class ScopedAdmin(ScopedQuerysetMixin, admin.ModelAdmin):
    list_per_page = 50


class ScopedInline(ScopedQuerysetMixin, admin.TabularInline):
    extra = 0


class StatusChangeInline(admin.TabularInline):
    """The history of a record's status, read-only."""

    extra = 0
    can_delete = False
    fields = ["at", "old_status", "new_status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("statusgeschiedenis")

    @admin.display(description=_("van"))
    def old_status(self, obj):
        return obj.old_label

    @admin.display(description=_("naar"))
    def new_status(self, obj):
        return obj.new_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def transition_actions(model, service, object_kwarg: str, targets) -> list:
    """One admin action per target status, each calling the model's transition service."""

    def make(target):
        def action(modeladmin, request, queryset):
            done = 0
            for obj in queryset:
                try:
                    service(**{object_kwarg: obj}, to=target, by=request.user)
                except TransitionError as error:
                    modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "%(n)d record heeft nu status ‘%(status)s’.",
                        "%(n)d records hebben nu status ‘%(status)s’.",
                        done,
                    )
                    % {"n": done, "status": model.Status(target).label},
                    messages.SUCCESS,
                )

        action.__name__ = f"to_{target}"
        action.short_description = _("Status wijzigen naar: %(status)s") % {
            "status": model.Status(target).label
        }
        action.allowed_permissions = ("change",)
        return action

    return [make(target) for target in targets]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["name", "partner"]
    list_filter = ["partner"]
    search_fields = ["name"]
    filter_horizontal = ["neighbours"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "code"]
    search_fields = ["name_nl", "name_en", "code"]


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "sdg", "order"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en"]
    search_fields = ["name_nl", "name_en"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "municipalities"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["groups", "user_permissions", "municipalities"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name"]}),
        (
            _("Rollen en rechten"),
            {
                "fields": [
                    "is_active",
                    "groups",
                    "municipalities",
                    "is_staff",
                    "is_superuser",
                    "user_permissions",
                ]
            },
        ),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        )
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "invited_by", "created_at", "sent_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["user__email"]
    readonly_fields = [
        "user",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
    ]
    fields = readonly_fields + ["revoked_at"]

    def has_add_permission(self, request):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only, for administrators: who viewed or took out which record, and when."""

    list_display = ["at", "user", "action", "object_type", "object_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_code", "user__email"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_administrator

    def has_view_permission(self, request, obj=None):
        return request.user.is_administrator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
