from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bringing an existing programme in from its spreadsheets, and the way back out.

    Like the demo data it sits above every other app (it writes through their services)
    and nothing imports it; see docs/architecture.md.
    """

    name = "samenhier.imports"
    label = "imports"
    verbose_name = _("Gegevens inlezen")
