"""Cross-cutting middleware."""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .languages import languages_for
from .roles import SECOND_FACTOR_ROLES, Role


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch unless the person chose otherwise: a signed-in person reads their account's
    own language, someone signed out the one they chose with the language switch.

    The browser's Accept-Language is ignored on purpose: the programme works in Dutch,
    and a volunteer with an English browser should see Dutch until they choose English.
    Staff roles read Dutch or English only (docs/architecture.md, "Languages of the
    household").
    """

    INVITATION = "/uitnodiging/"

    def process_request(self, request):
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.language:
            chosen = user.language
        elif chosen is None and request.path.startswith(self.INVITATION):
            # Someone invited opens their link before they have an account to sign in
            # with: the page speaks the language their invitation was sent in.
            chosen = _invited_language(request.path.removeprefix(self.INVITATION))
        # Dutch and English need no look-up of the person's roles.
        if chosen not in settings.STAFF_LANGUAGES and chosen not in languages_for(user):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


def _invited_language(rest: str) -> str | None:
    from .services import invitation_for_token  # services use the languages: a cycle

    invitation = invitation_for_token(rest.split("/", 1)[0])
    if invitation is None or invitation.role != Role.REFUGEE:
        return None
    return invitation.user.language or None


class SecondFactorRequiredMiddleware:
    """Coordinators, community builders, programme staff and administrators must use a
    second factor: until they have set one up, every page sends them to set it up."""

    ALLOWED_PREFIXES = ("/account/", "/i18n/", "/static/", "/uitnodiging/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    SESSION_KEY = "samenhier_second_factor_set"

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and user.has_role(*SECOND_FACTOR_ROLES)
            # Checked once per session (signals.py forgets it when a factor is removed).
            and not request.session.get(self.SESSION_KEY)
        ):
            if not is_mfa_enabled(user):
                return redirect("mfa_activate_totp")
            request.session[self.SESSION_KEY] = True
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Staff roles are signed out after 30 minutes without activity, and 12 hours after
    signing in, whatever they do."""

    IDLE = 30 * 60
    ABSOLUTE = 12 * 60 * 60
    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.has_role(*SECOND_FACTOR_ROLES):
            now = time.time()
            session = request.session
            started = session.setdefault("signed_in_at", now)
            last = session.get("last_seen_at", now)
            if now - last > self.IDLE or now - started > self.ABSOLUTE:
                logout(request)
                messages.info(request, _("Je bent uitgelogd omdat je een tijd niet actief was."))
                return redirect_to_login(request.get_full_path())
            if "last_seen_at" not in session or now - last > self.WRITE_EVERY:
                session["last_seen_at"] = now  # written once a minute, not every request
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in people hold personal data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
