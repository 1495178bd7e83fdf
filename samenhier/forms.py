from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Municipality, User
from .roles import Role
from .services import invitable_roles

INTEGER_LIMIT = 2**63 - 1


def _plausible_pk(field, value) -> None:
    """Refuse, with the field's own message, a key that cannot be a row's integer id, before
    it reaches the database (a 40-digit number would otherwise end in a server error)."""
    pk = field.queryset.model._meta.pk
    if pk.get_internal_type() not in ("AutoField", "BigAutoField", "SmallAutoField"):
        return
    text = str(value).strip()
    if not text.lstrip("-").isdecimal() or abs(int(text)) > INTEGER_LIMIT:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            _plausible_pk(self, value)
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            _plausible_pk(self, item)
        return super()._check_values(value)


# The staff roles invited from the general invitation page; group members and household
# accounts are invited from their group's or household's page.
STAFF_ROLES = [Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.PROGRAMME_STAFF, Role.ADMINISTRATOR]


class PersonForm(forms.Form):
    """Who is invited: their e-mail address and name."""

    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)

    submit_label = _("Uitnodiging versturen")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class InviteForm(PersonForm):
    role = forms.ChoiceField(label=_("Rol"))
    municipalities = SafeModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen voor een coördinator: de gemeenten waarvoor hij of zij werkt."),
    )

    def __init__(self, *args, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = invitable_roles(inviter)
        self.fields["role"].choices = [(r.value, r.label) for r in STAFF_ROLES if r in allowed]
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            pk__in=inviter.municipality_ids
        )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.COORDINATOR and not data.get("municipalities"):
            self.add_error("municipalities", _("Kies ten minste één gemeente."))
        return data
