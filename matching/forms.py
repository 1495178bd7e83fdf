import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.forms import SafeModelChoiceField
from samenhier.models import Municipality

from .models import SCORED_AT, CheckIn, Match, Milestone, TrajectoryGoal


class RoundForm(forms.Form):
    municipality = SafeModelChoiceField(
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
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start > timezone.localdate() + datetime.timedelta(days=365):
            raise forms.ValidationError(_("Kies een startdatum binnen een jaar."))
        if start < timezone.localdate() - datetime.timedelta(days=90):
            raise forms.ValidationError(_("Een startdatum ligt hooguit 90 dagen terug."))
        return start


SCORE_CHOICES = [("", "–")] + [(str(i), str(i)) for i in range(1, 6)]


class EvaluationForm(forms.Form):
    """A milestone's evaluation; self-reliance per life domain at the scored moments."""

    notes = forms.CharField(
        label=_("Hoe ging het? Wat spraken jullie af?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    exit_plan = forms.CharField(
        label=_("Afbouwplan voor het laatste halfjaar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, milestone, life_domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(life_domains)
        if milestone.kind != Milestone.Kind.MIDTERM:
            del self.fields["exit_plan"]
        else:
            self.fields["exit_plan"].required = True
        self.scored = milestone.kind in SCORED_AT
        if self.scored:
            for domain in self.domains:
                self.fields[f"score_{domain.key}"] = forms.TypedChoiceField(
                    label=str(domain),
                    choices=SCORE_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def scores(self) -> dict:
        if not self.scored:
            return {}
        return {d: self.cleaned_data.get(f"score_{d.key}") for d in self.domains}


class GoalForm(forms.ModelForm):
    class Meta:
        model = TrajectoryGoal
        fields = ["life_domain", "description", "status"]
        field_classes = {"life_domain": SafeModelChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CheckInForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Hoe gaat het met u en uw gezin?"),
        choices=CheckIn.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    helps = forms.CharField(
        label=_("Wat helpt u?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    missing = forms.CharField(
        label=_("Wat mist u?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndEarlyForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=Match.EndReason.choices)
    end_date = forms.DateField(
        label=_("Laatste dag"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end > timezone.localdate():
            raise forms.ValidationError(_("De laatste dag ligt niet in de toekomst."))
        return end
