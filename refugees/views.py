"""Views on households: for coordinators, and the household's own data for itself."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.access import access_log, role_required
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog
from samenhier.privacy import household_data
from samenhier.roles import Role

from .forms import AccountInviteForm
from .models import Refugee
from .services import refugee_account_invite


@role_required(Role.COORDINATOR, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def account_invite(request, code):
    """Invite the main contact of a household in the coordinator's municipalities."""
    refugee = get_object_or_404(
        Refugee.objects.filter(municipality__in=request.user.municipality_ids), code=code
    )
    initial = {
        "email": refugee.email,
        "first_name": refugee.first_name,
        "last_name": refugee.last_name,
    }
    if request.method == "GET":
        access_log(user=request.user, action=AccessLog.Action.VIEW, obj=refugee)
    form = AccountInviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            refugee_account_invite(refugee=refugee, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect("admin:refugees_refugee_change", refugee.pk)
    return render(request, "refugees/account_invite.html", {"form": form, "refugee": refugee})


def _own_household(user) -> Refugee:
    return get_object_or_404(Refugee.objects.filter(user=user))


@role_required(Role.REFUGEE)
def my_data(request):
    """The household's own data, explained in plain words, with the file to download."""
    return render(
        request,
        "refugees/my_data.html",
        {
            "household": _own_household(request.user),
            "retention_months": settings.SAMENHIER_RETENTION_MONTHS,
        },
    )


@role_required(Role.REFUGEE)
def my_data_download(request):
    """Everything Samen Hier holds on the household, as a file (AVG/GDPR art. 15); the
    download is logged like any subject access request."""
    household = _own_household(request.user)
    data = household_data(refugee_code=household.pk, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="samen-hier-mijn-gegevens.json"'
    return response
