from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("impact/", views.handprint, name="handprint"),
    path("impact/dashboard/", views.dashboard, name="dashboard"),
    path("impact/indicatoren/<slug:key>/", views.indicator, name="indicator"),
    path("impact/methode/", views.method, name="method"),
    path("impact/volledigheid/", views.data_completeness, name="completeness"),
    path("impact/werving/", views.recruitment_funnel, name="recruitment"),
    path("impact/rapporten/", views.exports, name="exports"),
    path("impact/rapporten/<uuid:code>/", views.export_status, name="export_status"),
    path("impact/rapporten/<uuid:code>/bestand/", views.export_download, name="export_download"),
]
