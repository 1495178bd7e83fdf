from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo programme and the national load-test data set.

    It sits above every other app (it may use all of them) and nothing imports it; see
    docs/architecture.md.
    """

    name = "samenhier.demo"
    label = "demo"
    verbose_name = _("Demogegevens")
