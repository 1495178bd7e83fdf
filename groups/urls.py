from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("<uuid:code>/uitnodigen/", views.member_invite, name="member_invite"),
    path("<uuid:code>/geheimhouding/", views.confidentiality, name="confidentiality"),
]
