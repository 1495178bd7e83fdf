import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from samenhier.forms import SafeModelChoiceField

# Figures are asked for from this year on (the programme began later) up to five years
# ahead: a period is always bounded, so no request can make an endless walk or query.
FIRST_YEAR = 2000


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

    def municipality_options(self):
        """The <option>s of the municipality list, written in one pass: 200 of them at
        national scale would cost more through the template engine than the page."""
        chosen = str(self["gemeente"].value() or "")
        places = self.fields["gemeente"].queryset.values_list("pk", "name")
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((pk, " selected" if str(pk) == chosen else "", name) for pk, name in places),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        earliest = datetime.date(FIRST_YEAR, 1, 1)
        latest = timezone.localdate() + datetime.timedelta(days=366 * 5)
        for name in ("van", "tot"):
            day = data.get(name)
            if day is not None and not earliest <= day <= latest:
                self.add_error(
                    name,
                    _("Kies een datum tussen %(from)s en %(to)s.")
                    % {"from": earliest.strftime("%d-%m-%Y"), "to": latest.strftime("%d-%m-%Y")},
                )
                data.pop(name, None)
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        return data
