from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("<uuid:code>/uitnodigen/", views.member_invite, name="member_invite"),
    path("<uuid:code>/geheimhouding/", views.confidentiality, name="confidentiality"),
    path("start/", views.signup, name="signup_start"),
    path("start/bedankt/", views.signup_done, name="signup_done"),
    path("start/intrekken/<str:token>/", views.signup_withdraw_view, name="signup_withdraw"),
    path("aanmeldingen/", views.signups, name="signups"),
    path("aanmeldingen/<uuid:code>/", views.signup_detail, name="signup"),
]
