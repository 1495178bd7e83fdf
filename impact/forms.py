import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from samenhier.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from samenhier.models import LifeDomain

from .models import NetworkIntroduction


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name() or membership.user.email


class ActivityForm(forms.Form):
    """Log an activity in under a minute: most fields have a sensible default."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    hours = forms.DecimalField(
        label=_("Uren"),
        min_value=0.25,
        max_value=24,
        decimal_places=2,
        initial=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=_("Per aanwezig lid; bijvoorbeeld 1,5 voor anderhalf uur."),
    )
    life_domains = SafeModelMultipleChoiceField(
        label=_("Levensgebieden"),
        queryset=LifeDomain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    members_present = MemberChoiceField(
        label=_("Wie was erbij?"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Wat hebben jullie gedaan?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort en zonder privégegevens van het huishouden."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this group's members can be chosen: a tampered id is refused by the form.
        self.fields["members_present"].queryset = Membership.objects.filter(
            group=group
        ).select_related("user")
        for kind, label in NetworkIntroduction.Kind.choices:
            self.fields[f"intro_{kind}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=20,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def intro_fields(self):
        return [self[f"intro_{kind}"] for kind in NetworkIntroduction.Kind.values]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Een activiteit ligt niet in de toekomst."))
        if date < timezone.localdate() - datetime.timedelta(days=400):
            raise forms.ValidationError(_("Deze datum ligt te ver terug."))
        return date

    def introductions(self) -> dict[str, int]:
        return {
            kind: self.cleaned_data.get(f"intro_{kind}") or 0
            for kind in NetworkIntroduction.Kind.values
        }


class PeriodForm(forms.Form):
    """Period and municipality of a dashboard, in the URL so a view can be shared."""

    van = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gemeente = SafeModelChoiceField(
        label=_("Gemeente"), required=False, queryset=None, empty_label=_("alle gemeenten")
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = municipalities

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        if start and end and (end - start).days > 366 * 15:
            raise forms.ValidationError(_("Kies een periode van ten hoogste 15 jaar."))
        return data
