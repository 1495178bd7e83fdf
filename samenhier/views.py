"""Views of the core: inviting people and accepting an invitation."""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .access import role_required
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


@role_required(Role.COORDINATOR, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def invite(request):
    """Invite a coordinator, community builder or (for administrators) staff member."""
    form = InviteForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, invitation = user_invite(by=request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            if invitation:
                messages.success(
                    request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": user.email}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s heeft al een account en kreeg de rol erbij.") % {"name": user},
                )
            return redirect("invite")
    sent = (
        Invitation.objects.filter(invited_by=request.user)
        .select_related("user")
        .order_by("-created_at")[:20]
    )
    return render(request, "samenhier/invite.html", {"form": form, "sent": sent})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The invited person chooses a password; the link works once and expires."""
    invitation = invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "samenhier/invitation_unusable.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationError:
            return render(request, "samenhier/invitation_unusable.html", status=410)
        messages.success(request, _("Welkom bij Samen Hier! Uw wachtwoord is ingesteld."))
        return perform_login(request, user)
    return render(
        request, "samenhier/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@role_required(*Role.values)
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
    from django.db import connection

    from . import celery_app

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
