"""The upload of a programme's workbook: one .xlsx, several .csv files, or a .zip."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class WorkbookField(forms.FileField):
    """One or more files; read into memory by the view, never saved."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = WorkbookField(
        label=_("Bestand"),
        help_text=_(
            "Het ingevulde sjabloon als .xlsx, of de .csv-bestanden (één per blad), of een "
            ".zip daarvan. Er wordt nog niets opgeslagen: je ziet eerst wat er verandert."
        ),
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv,.zip"}),
    )
    invite = forms.BooleanField(
        label=_("Nieuwe groepsleden een uitnodiging sturen"),
        required=False,
        help_text=_(
            "Uit: de accounts krijgen geen wachtwoord en niemand krijgt een e-mail; je kunt "
            "leden later uitnodigen vanaf de pagina van hun groep."
        ),
    )


class ConfirmForm(forms.Form):
    files = WorkbookField(
        label=_("Kies hetzelfde bestand nog een keer"),
        help_text=_(
            "Samen Hier bewaart geen kopie van je bestand. Kies het opnieuw; het wordt alleen "
            "ingelezen als het precies het bestand is dat je hierboven zag."
        ),
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv,.zip"}),
    )
