from django.urls import path

from . import views

app_name = "refugees"
urlpatterns = [
    path("<uuid:code>/account/", views.account_invite, name="account_invite"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/downloaden/", views.my_data_download, name="my_data_download"),
]
