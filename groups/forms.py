from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.forms import PersonForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from samenhier.models import Language, Municipality

from .models import SignUp


class MemberInviteForm(PersonForm):
    is_contact = forms.BooleanField(label=_("Contactpersoon van de groep"), required=False)
    languages = SafeModelMultipleChoiceField(
        label=_("Talen die dit lid spreekt"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class SignUpForm(forms.Form):
    """The public "Start een Welkom Groep" form. `website` is a honeypot: hidden from
    people, filled in by robots; a form with it filled in is thanked and dropped."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=60)
    last_name = forms.CharField(label=_("Achternaam"), max_length=80)
    email = forms.EmailField(label=_("E-mailadres"), max_length=200)
    municipality = SafeModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("mijn gemeente staat er niet bij"),
    )
    place_elsewhere = forms.CharField(
        label=_("Woonplaats (als je gemeente er niet bij staat)"), max_length=80, required=False
    )
    heard_from = forms.ChoiceField(
        label=_("Hoe hoorde je van Samen Hier?"),
        choices=[("", _("zeg ik liever niet"))] + list(SignUp.Source.choices),
        required=False,
    )
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)
    privacy = forms.BooleanField(
        label=_("Ik heb gelezen wat Samen Hier met deze gegevens doet, en ga daarmee akkoord."),
        error_messages={"required": _("Zonder je akkoord kunnen we je aanmelding niet bewaren.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, SignUp.MAX_COMPANIONS + 1):
            self.fields[f"companion_{n}_first_name"] = forms.CharField(
                label=_("Voornaam"), max_length=60, required=False
            )
            self.fields[f"companion_{n}_last_name"] = forms.CharField(
                label=_("Achternaam"), max_length=80, required=False
            )
            self.fields[f"companion_{n}_email"] = forms.EmailField(
                label=_("E-mailadres"), max_length=200, required=False
            )

        for name, field in self.fields.items():
            if name in ("privacy", "website"):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    @property
    def companion_rows(self):
        return [
            (
                n,
                self[f"companion_{n}_first_name"],
                self[f"companion_{n}_last_name"],
                self[f"companion_{n}_email"],
            )
            for n in range(1, SignUp.MAX_COMPANIONS + 1)
        ]

    def clean(self):
        data = super().clean()
        if not data.get("municipality") and not (data.get("place_elsewhere") or "").strip():
            self.add_error(
                "place_elsewhere",
                _("Kies je gemeente, of vul je woonplaats in als die er niet bij staat."),
            )
        companions = []
        own = (data.get("email") or "").lower()
        seen = {own}
        for n in range(1, SignUp.MAX_COMPANIONS + 1):
            first = (data.get(f"companion_{n}_first_name") or "").strip()
            email = (data.get(f"companion_{n}_email") or "").strip().lower()
            if not first and not email:
                continue
            if not first or not email:
                self.add_error(
                    f"companion_{n}_email" if first else f"companion_{n}_first_name",
                    _("Vul voor wie mee wil doen een voornaam en een e-mailadres in."),
                )
                continue
            if email in seen:
                self.add_error(f"companion_{n}_email", _("Dit e-mailadres staat er al."))
                continue
            seen.add(email)
            companions.append(
                {
                    "first_name": first,
                    "last_name": (data.get(f"companion_{n}_last_name") or "").strip(),
                    "email": email,
                }
            )
        data["companions"] = companions
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class SignUpFollowForm(forms.Form):
    """A coordinator's next step on a sign-up."""

    status = forms.ChoiceField(label=_("Nieuwe stand"), choices=[])
    note = forms.CharField(
        label=_("Toelichting (bij niet doorgegaan: de reden)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(choices)


class SignUpGroupForm(forms.Form):
    name = forms.CharField(label=_("Naam van de nieuwe groep"), max_length=100)
