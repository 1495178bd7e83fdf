"""The matching app's URLs. Everything about a year lives under /traject/; the group's
own page is /mijn-groep/. Old addresses of the year answer with a permanent redirect."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from .views import board, followup, matches, portal, year

app_name = "matching"


def moved(pattern_name: str):
    """A permanent redirect to the new address, query string kept; anyone may follow it
    (it says nothing but where a page moved to)."""
    return login_not_required(
        RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)
    )


urlpatterns = [
    path("koppelen/", board.board, name="board"),
    path("koppelen/ronde/<uuid:code>/", board.round_detail, name="round"),
    path("koppelen/voorstel/<uuid:code>/<slug:action>/", board.proposal_decide, name="decide"),
    path("koppelingen/<uuid:code>/", matches.match_detail, name="match"),
    path("koppelingen/<uuid:code>/actie/<slug:action>/", matches.match_act, name="match_act"),
    path("koppelingen/<uuid:code>/beeindigen/", matches.match_end_early, name="end_early"),
    path("koppelingen/<uuid:code>/afronden/", matches.match_complete_year, name="complete_year"),
    path("mijn-groep/<uuid:code>/", portal.portal, name="portal"),
    path("mijn-groep/koppeling/<uuid:code>/", matches.match_group_confirm, name="group_confirm"),
    path(
        "koppelingen/<uuid:code>/instemmen/",
        matches.match_household_confirm,
        name="household_confirm",
    ),
    # The year.
    path("traject/", followup.followup, name="followup"),
    path("traject/<uuid:code>/", year.trajectory_detail, name="trajectory"),
    path("traject/<uuid:code>/activiteiten/", portal.activity_list, name="activity_list"),
    path("traject/<uuid:code>/activiteiten/nieuw/", portal.activity_create, name="activity_create"),
    path("traject/activiteit/<uuid:code>/", portal.activity_edit, name="activity_edit"),
    path("traject/<uuid:code>/evaluatie/<slug:kind>/", year.milestone_evaluate, name="evaluate"),
    path("traject/<uuid:code>/doel/", year.goal_edit, name="goal_add"),
    path("traject/<uuid:code>/doel/<int:goal>/", year.goal_edit, name="goal_edit"),
    path("traject/<uuid:code>/check-in/<slug:kind>/", year.check_in, name="check_in"),
    # Where the year's pages used to be.
    path("opvolging/", moved("matching:followup"), name="old_followup"),
    path("trajecten/<uuid:code>/", moved("matching:trajectory"), name="old_trajectory"),
    path("traject/<uuid:code>/activiteit/", moved("matching:activity_create"), name="old_activity"),
    path("activiteit/<uuid:code>/", moved("matching:activity_edit"), name="old_activity_edit"),
]
