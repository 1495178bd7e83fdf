import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.models import Municipality


class RoundForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=None
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OverrideForm(NoteForm):
    group = forms.UUIDField(label=_("Andere groep"))


class StartForm(forms.Form):
    start_date = forms.DateField(
        label=_("Startdatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start > timezone.localdate() + datetime.timedelta(days=365):
            raise forms.ValidationError(_("Kies een startdatum binnen een jaar."))
        if start < timezone.localdate() - datetime.timedelta(days=90):
            raise forms.ValidationError(_("Een startdatum ligt hooguit 90 dagen terug."))
        return start
