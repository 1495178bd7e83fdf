import datetime

from django import forms
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from samenhier.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from samenhier.models import Language, LifeDomain, Municipality

from .models import SCORED_AT, CheckIn, Match, Milestone, NetworkIntroduction, TrajectoryGoal


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

    contact = forms.ChoiceField(
        label=_("Is er nog contact met het huishouden?"),
        choices=Milestone.Contact.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, milestone, life_domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(life_domains)
        if milestone.kind != Milestone.Kind.FOLLOW_UP:
            del self.fields["contact"]
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
        # Translators: household
        label=_("Hoe gaat het met jou en je gezin?"),
        choices=CheckIn.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    helps = forms.CharField(
        # Translators: household
        label=_("Wat helpt je?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    missing = forms.CharField(
        # Translators: household
        label=_("Wat mis je?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The language's code is the value (a string: no integer key to parse).
    language = forms.ModelChoiceField(
        to_field_name="code",
        # Translators: household
        label=_("In welke taal schrijf je?"),
        # Translators: household
        help_text=_("Je mag schrijven in de taal die je wilt."),
        queryset=Language.objects.all(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The languages named in the reader's language, the page's own language first.
        self.fields["language"].label_from_instance = lambda language: language.name
        if not self.is_bound and not self.initial.get("language"):
            current = translation.get_language()
            self.initial["language"] = Language.objects.filter(code=current).first()


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
    # What happens next for each side (docs/architecture.md, "Lifecycles"): asked, not
    # guessed from the reason.
    household_next = forms.ChoiceField(
        label=_("Het huishouden"),
        choices=[
            ("ready", _("wacht op een nieuwe welkomgroep en komt weer in de rondes")),
            ("stops", _("stopt met het programma")),
        ],
        widget=forms.RadioSelect,
    )
    waiting_since = forms.DateField(
        label=_("Wacht sinds"),
        required=False,
        help_text=_("Leeg laten: de datum waarop het huishouden oorspronkelijk ging wachten."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    group_next = forms.ChoiceField(
        label=_("De groep"),
        choices=[
            ("ready", _("gaat door na een gesprek met de community builder")),
            ("stops", _("stopt")),
        ],
        widget=forms.RadioSelect,
    )
    group_note = forms.CharField(
        label=_("Wat de groep met de community builder afsprak"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up = forms.BooleanField(
        label=_("Het huishouden wil over drie maanden een opvolging"),
        required=False,
        help_text=_(
            "Dan vertelt de groep na drie maanden of er nog contact is, en krijgt het "
            "huishouden een eigen check-in. Alleen als het huishouden dat wil."
        ),
    )

    def clean_waiting_since(self):
        day = self.cleaned_data.get("waiting_since")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Die datum ligt in de toekomst."))
        return day

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end > timezone.localdate():
            raise forms.ValidationError(_("De laatste dag ligt niet in de toekomst."))
        return end


class CompleteYearForm(forms.Form):
    """Completing the year is final: the person confirms it in so many words."""

    confirm = forms.BooleanField(
        label=_("Ik bevestig dat het jaar van deze koppeling is afgerond."), required=True
    )
    note = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name() or membership.user.email


class HoursField(forms.DecimalField):
    """Hours as people type them: "1,5" and "1.5" are both one and a half hours. A text
    input, so that no browser reads the comma its own way ("1,5" became 15)."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") + value.count(".") > 1:
                raise forms.ValidationError(
                    _("Typ de uren als een getal, bijvoorbeeld 2 of 1,5."), code="invalid"
                )
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        # Shown as the person's language writes it: "1,5" in Dutch.
        return formats.localize_input(value) if value not in (None, "") else value


# More hours than this for one activity is possible (a day out), but is asked again.
LONG_ACTIVITY_HOURS = 12


class ActivityForm(forms.Form):
    """Log an activity in under a minute: most fields have a sensible default."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    hours = HoursField(
        label=_("Uren"),
        min_value=0.25,
        max_value=24,
        decimal_places=2,
        initial=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Per aanwezig lid; bijvoorbeeld 1,5 voor anderhalf uur."),
        error_messages={
            "max_value": _("Eén activiteit duurt ten hoogste 24 uur."),
            "min_value": _("Een activiteit duurt ten minste een kwartier (0,25 uur)."),
            "invalid": _("Typ de uren als een getal, bijvoorbeeld 2 of 1,5."),
            "max_decimal_places": _("Typ de uren met ten hoogste twee cijfers na de komma."),
        },
    )
    long_confirmed = forms.BooleanField(
        label=_("Ja, het waren echt zoveel uur per aanwezig lid."),
        required=False,
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

    @property
    def asks_confirmation(self) -> bool:
        """Whether the page shows the "yes, that many hours" box: after a long entry."""
        if not self.is_bound:
            return False
        asked = any(e.code == "long" for e in self.errors.as_data().get("hours", []))
        return asked or bool(self.data.get(self.add_prefix("long_confirmed")))

    def clean(self):
        data = super().clean()
        hours = data.get("hours")
        if hours is not None and hours > LONG_ACTIVITY_HOURS and not data.get("long_confirmed"):
            self.add_error(
                "hours",
                forms.ValidationError(
                    _(
                        "Meer dan %(n)d uur voor één activiteit, per aanwezig lid? Kijk het "
                        "na, of bevestig hieronder dat het klopt."
                    ),
                    code="long",
                    params={"n": LONG_ACTIVITY_HOURS},
                ),
            )
        return data

    def introductions(self) -> dict[str, int]:
        return {
            kind: self.cleaned_data.get(f"intro_{kind}") or 0
            for kind in NetworkIntroduction.Kind.values
        }
