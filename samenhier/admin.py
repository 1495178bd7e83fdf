"""Admin of the core, and the scoping every app's admin shares.

Coordinators keep their records in the admin. `ScopedAdmin` shows them only the rows
of their own municipalities, and only those in the choices of a foreign key; status
fields are read-only and change through admin actions that call the transition
services, so the lifecycle and its status-change rows hold here too.
"""

from allauth.account import admin as _account_admin  # noqa: F401
from allauth.mfa import admin as _mfa_admin  # noqa: F401
from allauth.mfa.models import Authenticator
from allauth.usersessions import admin as _usersessions_admin  # noqa: F401
from allauth.usersessions.models import UserSession
from auditlog import admin as _auditlog_admin  # noqa: F401
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as django_gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .access import access_log
from .errors import ApplicationError
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
from .services import account_deactivate, user_email_change


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


def _repeats_rows(model) -> bool:
    """Whether filtering on the model's municipality paths can return a row twice (a path
    through a many-valued relation): only then is DISTINCT needed, which is costly on a
    list of thousands of rows."""
    for path in getattr(model, "MUNICIPALITY_PATHS", ()):
        current = model
        for name in path.split("__"):
            if name == "pk":
                break
            field = current._meta.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            current = field.related_model
    return False


class ScopedQuerysetMixin:
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = municipality_scope(self.model, request.user)
        if scope is None:
            return qs
        qs = qs.filter(scope)
        return qs.distinct() if _repeats_rows(self.model) else qs

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


# The longest value of a list's parameter (a filter's choice, a page, an ordering) the
# admin makes itself, and more. The search has a bound of its own (MAX_SEARCH_LENGTH).
MAX_PARAMETER_LENGTH = 1000


class BoundedChangeList(ChangeList):
    """A list's parameter that is not one the admin makes is answered as the bad filter
    it is (the admin then shows the list unfiltered), never with a 500 or a slow page:
    a 26-digit year overflows Django's date arithmetic; a word where a filter of another
    package wants a number is an error of its query; a NUL character is one on
    PostgreSQL (no string holds it), in the search too; and a 100 kB value would be
    copied into the link of every row."""

    def __init__(self, request, *args, **kwargs):
        for name, values in request.GET.lists():
            for value in values:
                too_long = name != SEARCH_VAR and len(value) > MAX_PARAMETER_LENGTH
                if too_long or "\x00" in value:
                    raise IncorrectLookupParameters(name)
        super().__init__(request, *args, **kwargs)

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except (OverflowError, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error


# A person searches for a name, an e-mail address or a word; 200 characters is ample. A
# longer term never reaches the database: there a pattern of more than 50,000 bytes is an
# error on SQLite ("LIKE or GLOB pattern too complex"), and each word of the term is one
# more condition on every search field, so a page of words runs for minutes on PostgreSQL.
MAX_SEARCH_LENGTH = 200


class BoundedAdminMixin:
    """The bounds every admin list keeps (see BoundedChangeList and MAX_SEARCH_LENGTH):
    a bad filter shows the list unfiltered, a search term too long finds nothing and
    says why."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def changelist_view(self, request, extra_context=None):
        searched = request.GET.get(SEARCH_VAR, "")
        if len(searched) > MAX_SEARCH_LENGTH and self.get_search_fields(request):
            self.message_user(
                request,
                _(
                    "Een zoekterm mag hoogstens %(n)d tekens lang zijn. Er is niet gezocht; "
                    "zoek met een kortere term."
                )
                % {"n": MAX_SEARCH_LENGTH},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def action_checkbox(self, obj):
        """Each row's checkbox for the actions, the same element as the admin's own but
        written directly: through the form widget's template it cost about 0.8 ms a row,
        a fifth of a list page."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            # Django's own words, translated by Django's catalogue as in its checkbox.
            format_html(django_gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_search_results(self, request, queryset, search_term):
        # Also the autocomplete's search; the list's page says why (changelist_view).
        if len(search_term) > MAX_SEARCH_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class ScopedAdmin(ScopedQuerysetMixin, BoundedAdminMixin, admin.ModelAdmin):
    # 25 rows a page, as on the app's own lists: the admin renders each row's cells and
    # action checkbox through templates (about 1.4 ms a row), which made a page of 50 rows
    # about 60 ms of Python alone, close to the lists' 100 ms goal.
    list_per_page = 25


class AccessLoggedAdmin(ScopedAdmin):
    """The change page of a record that shows a household's full record: every view of it
    is written to the access log (who, which record, when; never a value)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and request.method == "GET":
            access_log(
                user=request.user,
                action=AccessLog.Action.VIEW,
                object_type=self.model._meta.model_name,
                object_code=object_id,
            )
        return response


def name_for_screen_readers(field) -> None:
    """Give a form field's inputs a name of their own (aria-label) where the page has no
    <label> for them: the inputs inside the admin's related-object wrapper, and each part
    of a date-and-time field."""
    widget = getattr(field.widget, "widget", field.widget)  # the wrapper keeps its own
    label = str(field.label)
    parts = getattr(widget, "widgets", None)
    if parts and len(parts) == 2:
        parts[0].attrs.setdefault("aria-label", f"{label} ({_('datum')})")
        parts[1].attrs.setdefault("aria-label", f"{label} ({_('tijd')})")
    else:
        widget.attrs.setdefault("aria-label", label)


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline that names each of its fields for screen readers: its rows share
    the column headers, which no input takes as its label (axe: label, select-name)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)  # the delete box is added here
                for field in form.fields.values():
                    name_for_screen_readers(field)

        return Labelled


class ScopedInline(ScopedQuerysetMixin, LabelledTabularInline):
    extra = 0


class StatusChangeInline(LabelledTabularInline):
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
                except ApplicationError as error:
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
        # Lazy, so that the admin reads it in the person's language.
        action.short_description = format_lazy(
            _("Status wijzigen naar: {status}"), status=model.Status(target).label
        )
        action.allowed_permissions = ("change",)
        return action

    return [make(target) for target in targets]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(BoundedAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["name", "partner"]
    list_filter = ["partner"]
    search_fields = ["name"]
    filter_horizontal = ["neighbours"]


@admin.register(Language)
class LanguageAdmin(BoundedAdminMixin, admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "code"]
    search_fields = ["name_nl", "name_en", "code"]


@admin.register(LifeDomain)
class LifeDomainAdmin(BoundedAdminMixin, admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "sdg", "order"]


@admin.register(Interest)
class InterestAdmin(BoundedAdminMixin, admin.ModelAdmin):
    list_display = ["name_nl", "name_en"]
    search_fields = ["name_nl", "name_en"]


@admin.register(User)
class UserAdmin(BoundedAdminMixin, DjangoUserAdmin):
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

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data and not obj.is_active:
            account_deactivate(user=obj)  # ends every session of the person at once
        # A new sign-in address goes through the service: both addresses hear of it.
        new_email = obj.email
        if change and "email" in form.changed_data:
            obj.email = User.objects.get(pk=obj.pk).email
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            try:
                user_email_change(user=obj, email=new_email, by=request.user)
            except ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)


@admin.register(Invitation)
class InvitationAdmin(BoundedAdminMixin, admin.ModelAdmin):
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for field in form.base_fields.values():
            name_for_screen_readers(field)  # the date and the time of revoked_at
        return form

    def has_add_permission(self, request):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(BoundedAdminMixin, admin.ModelAdmin):
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


# allauth's own registration (with an add page) is loaded first and replaced; its model
# has no translatable name, so the admin names it here.
admin.site.unregister(UserSession)
UserSession._meta.verbose_name = _("sessie")
UserSession._meta.verbose_name_plural = _("sessies")


@admin.register(UserSession)
class UserSessionAdmin(BoundedAdminMixin, admin.ModelAdmin):
    """Signed-in sessions, for administrators: to see them and end one (delete). A
    session is made by signing in, never here."""

    list_display = ["user", "created_at", "last_seen_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The same for allauth's second factors: set up by their owner with their own app, never
# typed in here (its add page also had date and time inputs without a label).
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(BoundedAdminMixin, admin.ModelAdmin):
    """Second factors, for administrators: to see which account has one and remove one
    (delete) when a person lost theirs."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "type", "created_at", "last_used_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The admins other packages register (Django's groups, allauth's e-mail addresses,
# auditlog's entries, imported above for this) keep the same bounds: each is registered
# again with them. The apps' own admins take them from ScopedAdmin; the programme
# import's list has no search and no dates. tests/security/test_fuzz_pages.py opens
# every list with a 100 kB search.
for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, BoundedAdminMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(type(_model_admin).__name__, (BoundedAdminMixin, type(_model_admin)), {})
        )
