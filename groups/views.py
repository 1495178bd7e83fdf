"""Views on welcome groups for coordinators and community builders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.access import role_required
from samenhier.models import Language
from samenhier.roles import Role
from samenhier.services import InvitationError
from samenhier.transitions import TransitionError

from .forms import MemberInviteForm
from .models import Membership
from .selectors import confidentiality_pending, groups_managed_by
from .services import CONFIDENTIALITY_VERSION, confidentiality_accept, membership_invite


@role_required(Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def member_invite(request, code):
    """Invite a person by e-mail to become a member of the group."""
    group = get_object_or_404(groups_managed_by(request.user), code=code)
    initial = {"languages": Language.objects.filter(code="nl")}
    form = MemberInviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_invite(group=group, by=request.user, **form.cleaned_data)
        except (InvitationError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is uitgenodigd voor groep %(group)s.")
                % {"name": membership.user, "group": group},
            )
            return redirect("groups:member_invite", code=group.code)
    members = group.memberships.select_related("user")
    return render(
        request, "groups/member_invite.html", {"form": form, "group": group, "members": members}
    )


def confidentiality_redirect(request, group_id):
    """Where a member goes first, before they may see the household (or None)."""
    if not confidentiality_pending(request.user, group_id):
        return None
    target = reverse("groups:confidentiality", args=[group_id])
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


@role_required(Role.GROUP_MEMBER)
@require_http_methods(["GET", "POST"])
def confidentiality(request, code):
    """The confidentiality statement; accepting it opens the household's profile."""
    membership = get_object_or_404(
        Membership.objects.select_related("group"), group=code, user=request.user
    )
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("impact:portal", args=[membership.group_id])
    if request.method == "POST":
        if request.POST.get("accept") != "yes":
            messages.error(request, _("Vink aan dat u akkoord gaat om verder te gaan."))
        else:
            confidentiality_accept(membership=membership)
            messages.success(request, _("Dank u. U kunt nu verder."))
            # A URL, never a view name: redirect() would try to reverse "0" and fail.
            return HttpResponseRedirect(next_url)
    return render(
        request,
        "groups/confidentiality.html",
        {
            "membership": membership,
            "next": next_url,
            "version": CONFIDENTIALITY_VERSION,
        },
    )
