"""Views on welcome groups for coordinators and community builders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.access import role_required
from samenhier.models import Language
from samenhier.roles import Role
from samenhier.services import InvitationError
from samenhier.transitions import TransitionError

from .forms import MemberInviteForm
from .selectors import groups_managed_by
from .services import membership_invite


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
