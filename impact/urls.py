from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("mijn-groep/<uuid:code>/", views.portal, name="portal"),
    path("traject/<uuid:code>/activiteit/", views.activity_create, name="activity_create"),
    path("traject/<uuid:code>/activiteiten/", views.activity_list, name="activity_list"),
    path("activiteit/<uuid:code>/", views.activity_edit, name="activity_edit"),
    path("opvolging/", views.followup, name="followup"),
    path("trajecten/<uuid:code>/", views.trajectory_detail, name="trajectory"),
    path("impact/", views.handprint, name="handprint"),
    path("impact/dashboard/", views.dashboard, name="dashboard"),
    path("impact/rapporten/", views.exports, name="exports"),
    path("impact/rapporten/<uuid:code>/", views.export_status, name="export_status"),
    path("impact/rapporten/<uuid:code>/bestand/", views.export_download, name="export_download"),
]
