from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.home, name="home"),
    path("koppelen/", views.board, name="board"),
    path("koppelen/ronde/<uuid:code>/", views.round_detail, name="round"),
    path(
        "koppelen/voorstel/<uuid:code>/<slug:action>/",
        views.proposal_decide,
        name="decide",
    ),
    path("koppelingen/<uuid:code>/", views.match_detail, name="match"),
    path("koppelingen/<uuid:code>/actie/<slug:action>/", views.match_act, name="match_act"),
    path("koppelingen/<uuid:code>/beeindigen/", views.match_end_early, name="end_early"),
    path("mijn-groep/koppeling/<uuid:code>/", views.match_group_confirm, name="group_confirm"),
    path(
        "traject/<uuid:code>/evaluatie/<slug:kind>/",
        views.milestone_evaluate,
        name="evaluate",
    ),
    path("traject/<uuid:code>/doel/", views.goal_edit, name="goal_add"),
    path("traject/<uuid:code>/doel/<int:goal>/", views.goal_edit, name="goal_edit"),
    path("traject/<uuid:code>/check-in/<slug:kind>/", views.check_in, name="check_in"),
]
