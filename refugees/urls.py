from django.urls import path

from . import views

app_name = "refugees"
urlpatterns = [
    path("<uuid:code>/account/", views.account_invite, name="account_invite"),
]
