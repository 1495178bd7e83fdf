"""Views on households for coordinators."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.access import role_required
from samenhier.roles import Role
from samenhier.services import InvitationError
from samenhier.transitions import TransitionError

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
    form = AccountInviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            refugee_account_invite(refugee=refugee, by=request.user, **form.cleaned_data)
        except (InvitationError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect("admin:refugees_refugee_change", refugee.pk)
    return render(request, "refugees/account_invite.html", {"form": form, "refugee": refugee})
