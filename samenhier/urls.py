"""The site's URLs. Each app keeps its own urls.py, included by name (no imports)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import languages, views

admin.site.site_header = _("Samen Hier – beheer")
admin.site.site_title = _("Samen Hier")
admin.site.index_title = _("Beheer")
# The admin signs in through allauth, so its rate limits (and second factor) apply.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("matching.urls")),
    path("", include("impact.urls")),
    # A stolen session must not become a stolen account: nobody adds or changes their own
    # e-mail address; an administrator does, and both addresses are told (services.py).
    path("account/email/", views.email_change_by_administrator, name="account_email"),
    path("account/", include("allauth.urls")),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("uitnodigen/", views.invite, name="invite"),
    path("meldingen/", views.notifications, name="notifications"),
    path("healthz", views.healthz, name="healthz"),
    # Anonymous visitors choose their language too (on the login page).
    path("i18n/setlang/", languages.language_choose, name="set_language"),
    path("groepen/", include("groups.urls")),
    path("huishoudens/", include("refugees.urls")),
    path("admin/", admin.site.urls),
]
