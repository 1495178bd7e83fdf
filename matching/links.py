"""The matching app's pages that the records of the apps below lead to (see
samenhier/links.py): a group's own page, and a household's matches."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samenhier.links import Link, record_links

from .models import Match


@record_links("groups.welcomegroup")
def group_page(group) -> list[Link]:
    return [Link(reverse("matching:portal", args=[group.pk]), _("Pagina van de groep"))]


@record_links("refugees.refugee")
def household_matches(refugee) -> list[Link]:
    return [
        Link(
            reverse("matching:match", args=[match.code]),
            _("Koppeling met %(group)s (%(status)s)")
            % {"group": match.group.name, "status": match.get_status_display()},
        )
        for match in Match.objects.filter(refugee=refugee).select_related("group")
    ]
