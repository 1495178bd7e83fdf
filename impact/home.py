"""The impact app's part of the home page (registered in apps.py): where programme staff
go for the figures."""

from samenhier.home import panel
from samenhier.roles import Role


@panel(template="impact/panels/figures.html", order=25)
def figures_panel(request):
    if not request.user.has_role(Role.PROGRAMME_STAFF):
        return None
    return {}
