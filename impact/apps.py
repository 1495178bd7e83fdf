from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from samenhier.home import nav_item

        from . import home  # noqa: F401 - registers the home panel

        nav_item("impact:handprint", _("Impact"), order=20)
