"""Views of the core: the home page, inviting people, accepting an invitation,
notifications and the health check."""

from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import celery_app
from . import home as home_page
from .access import any_role, role_required
from .forms import InviteForm
from .models import Invitation
from .roles import Role
from .services import (
    InvitationError,
    invitation_for_token,
    user_invite,
)
from .services import (
    invitation_accept as accept,
)
from .services import (
    invitation_accept_signed_in as accept_signed_in,
)


@any_role
def home(request):
    """What each role needs first, from the panels the apps register (home.py); a person
    with several roles sees each part. Some roles start on a page of their own."""
    if (start := home_page.start_url(request)) is not None:
        return redirect(start)
    return render(request, "samenhier/home.html", {"panels": home_page.panels_for(request)})


@role_required(Role.COORDINATOR, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def invite(request):
    """Invite a coordinator, community builder or (for administrators) staff member."""
    form = InviteForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, _invitation = user_invite(by=request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            # The same words whether or not the address already had an account.
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": user.email}
            )
            return redirect("invite")
    sent = (
        Invitation.objects.filter(invited_by=request.user)
        .select_related("user")
        .order_by("-created_at")[:20]
    )
    # Group members are invited from their group's page, reached from the list of groups.
    groups_url = reverse("admin:groups_welcomegroup_changelist")
    return render(
        request, "samenhier/invite.html", {"form": form, "sent": sent, "groups_url": groups_url}
    )


@any_role
@require_http_methods(["GET"])
def email_change_by_administrator(request):
    """Where allauth's own e-mail page was: says how an address is changed."""
    return render(request, "samenhier/email_change.html")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The invited person accepts: a new person chooses a password; someone who already
    has an account signs in and accepts the new role. The link works once and expires."""
    invitation = invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "samenhier/invitation_unusable.html", status=410)
    if invitation.user.has_usable_password():
        return _accept_signed_in(request, token, invitation)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationError:
            return render(request, "samenhier/invitation_unusable.html", status=410)
        messages.success(request, _("Welkom bij Samen Hier! Je wachtwoord is ingesteld."))
        return perform_login(request, user)
    return render(
        request, "samenhier/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _accept_signed_in(request, token, invitation):
    signed_in_as = request.user if request.user.is_authenticated else None
    if request.method == "POST" and signed_in_as is not None:
        try:
            accept_signed_in(token=token, user=signed_in_as)
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Je hebt de uitnodiging geaccepteerd: je bent nu ook %(role)s.")
                % {"role": invitation.get_role_display()},
            )
            return redirect("home")
    return render(
        request,
        "samenhier/invitation_accept_signed_in.html",
        {
            "invitation": invitation,
            "signed_in_as": signed_in_as,
            "is_for_me": signed_in_as is not None and signed_in_as.pk == invitation.user_id,
            "login": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
    )


@any_role
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The signed-in person's notifications; POST marks them all read."""
    mine = request.user.notifications.all()
    if request.method == "POST":
        mine.filter(read_at=None).update(read_at=timezone.now())
        return redirect("notifications")
    page = Paginator(mine, 25).get_page(request.GET.get("pagina"))
    return render(request, "samenhier/notifications.html", {"page": page})


@login_not_required
@never_cache
def healthz(request):
    """Health of the parts, each on its own line: 503 only when the database is down
    (the app cannot work); a broker that is down is reported but pages still answer."""
    report = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database error means: not healthy
        report["database"] = "error"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        report["broker"] = "in-process"
    else:
        try:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception:  # the broker's many connection errors
            report["broker"] = "error"
    status = 503 if report["database"] != "ok" else 200
    return JsonResponse(report, status=status)
