"""Filters of the follow-up board (django-filter), all in the URL so a view can be shared."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samenhier.forms import SafeModelChoiceField
from samenhier.models import Municipality

from .selectors.followup import SIGNALS


class SafeModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SafeModelChoiceField


class FollowUpFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek groep of huishouden"), method="search")
    municipality = SafeModelChoiceFilter(
        label=_("Gemeente"),
        field_name="match__refugee__municipality",
        queryset=Municipality.objects.none(),
        empty_label=_("alle gemeenten"),
    )
    signal = django_filters.ChoiceFilter(
        label=_("Signaal"),
        choices=[(k, v) for k, v in SIGNALS.items()],
        method="by_signal",
        empty_label=_("alle trajecten"),
    )
    order = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("last_activity", "last_activity"),
            ("overdue", "overdue"),
            ("match__planned_end_date", "end"),
            ("match__start_date", "start"),
        ),
        # Each label whole and lazy, so that it is read in the person's language (the
        # library's own "(descending)" would be joined once, at import, in Dutch).
        choices=[
            ("last_activity", _("laatste activiteit (oudste eerst)")),
            ("-last_activity", _("laatste activiteit (nieuwste eerst)")),
            ("overdue", _("mijlpalen te laat (minste eerst)")),
            ("-overdue", _("mijlpalen te laat (meeste eerst)")),
            ("end", _("einddatum (vroegste eerst)")),
            ("-end", _("einddatum (laatste eerst)")),
            ("start", _("startdatum (vroegste eerst)")),
            ("-start", _("startdatum (laatste eerst)")),
        ],
        empty_label=_("standaard (stilste eerst)"),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].queryset = municipalities
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def narrows(self) -> bool:
        """Whether a valid choice leaves out rows (any filter but the ordering has a value):
        if not, the board's rows are all its scope. Read from the filters themselves, so
        that a filter added later counts too."""
        if not (self.is_bound and self.is_valid()):
            return False
        return any(
            self.form.cleaned_data.get(name) not in (None, "", [])
            for name, f in self.filters.items()
            if not isinstance(f, django_filters.OrderingFilter)
        )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(match__group__name__icontains=value) | Q(match__refugee__first_name__icontains=value)
        )

    def by_signal(self, queryset, name, value):
        return queryset.filter(**{f"signal_{value}": True})
