from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.forms import PersonForm, SafeModelMultipleChoiceField
from samenhier.models import Language


class MemberInviteForm(PersonForm):
    is_contact = forms.BooleanField(label=_("Contactpersoon van de groep"), required=False)
    languages = SafeModelMultipleChoiceField(
        label=_("Talen die dit lid spreekt"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
