from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from samenhier.admin import ScopedAdmin, ScopedInline

from .models import ActivityLog, NetworkIntroduction


class NetworkIntroductionInline(ScopedInline):
    model = NetworkIntroduction
    fields = ["kind"]


@admin.register(ActivityLog)
class ActivityLogAdmin(ScopedAdmin):
    list_display = ["date", "trajectory", "hours", "present"]
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
    readonly_fields = ["logged_by"]
    inlines = [NetworkIntroductionInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("trajectory__match__refugee", "trajectory__match__group")
            .annotate(n_present=Count("members_present", distinct=True))
        )

    @admin.display(description=_("aanwezig"), ordering="n_present")
    def present(self, obj):
        return obj.n_present
