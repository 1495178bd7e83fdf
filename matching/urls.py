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
    path("koppelingen/<uuid:code>/<slug:action>/", views.match_act, name="match_act"),
    path("mijn-groep/koppeling/<uuid:code>/", views.match_group_confirm, name="group_confirm"),
]
