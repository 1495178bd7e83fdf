"""Views on welcome groups for coordinators and community builders, and the public
sign-up page for residents who want to start or join one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.access import client_address, role_required
from samenhier.errors import ApplicationError
from samenhier.links import links_for
from samenhier.models import Invitation, Language
from samenhier.roles import Role

from .forms import MemberInviteForm, SignUpFollowForm, SignUpForm, SignUpGroupForm
from .models import Membership, SignUp, WelcomeGroup
from .selectors import confidentiality_pending, groups_managed_by, signups_for_user
from .services import (
    CONFIDENTIALITY_VERSION,
    SIGNUP_ALLOWED,
    SIGNUP_CONVERTIBLE,
    confidentiality_accept,
    membership_invite,
    signup_create,
    signup_to_group,
    signup_transition,
    signup_withdraw,
)


@role_required(Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def member_invite(request, code):
    """Invite a person by e-mail to become a member of the group."""
    group = get_object_or_404(groups_managed_by(request.user), code=code)
    members = list(group.memberships.select_related("user"))
    if group.is_closed:
        closed = _("Deze groep is afgesloten; er kunnen geen leden bij.")
    elif len(members) >= WelcomeGroup.MAX_MEMBERS:
        closed = _("Deze groep is vol: een welkomgroep heeft ten hoogste %(n)d leden.") % {
            "n": WelcomeGroup.MAX_MEMBERS
        }
    else:
        closed = ""
    initial = {"languages": Language.objects.filter(code="nl")}
    form = MemberInviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and closed:
        messages.error(request, closed)
        return redirect("groups:member_invite", code=group.code)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_invite(group=group, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(email)s is uitgenodigd voor groep %(group)s.")
                % {"email": membership.user.email, "group": group},
            )
            return redirect("groups:member_invite", code=group.code)
    # Until a person accepts, the page shows the address invited, never an account's name.
    pending = set(
        Invitation.objects.filter(
            user__in=[m.user_id for m in members],
            role=Role.GROUP_MEMBER,
            accepted_at=None,
            revoked_at=None,
        ).values_list("user", flat=True)
    )
    for m in members:
        m.pending = m.user_id in pending
    return render(
        request,
        "groups/member_invite.html",
        {
            "form": form,
            "group": group,
            "members": members,
            "closed": closed,
            "links": links_for(group),
        },
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
        # The group's pages belong to an app above this one; its callers say where
        # to go next, and without one the person goes home.
        next_url = reverse("home")
    if request.method == "POST":
        if request.POST.get("accept") != "yes":
            messages.error(request, _("Vink aan dat je akkoord gaat om verder te gaan."))
        else:
            confidentiality_accept(membership=membership)
            messages.success(request, _("Dank je. Je kunt nu verder."))
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


# -- recruitment ------------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    """ "Start een Welkom Groep": a resident leaves their name, address and municipality,
    and who wants to join them. No account is made; it works without JavaScript."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_robot:
        return redirect("groups:signup_done")  # a robot is thanked, and nothing is kept
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = signup_create(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                municipality=data["municipality"],
                place_elsewhere=data["place_elsewhere"],
                heard_from=data["heard_from"],
                companions=data["companions"],
                client_key=client_address(request),
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            done = reverse("groups:signup_done")
            return redirect(done + ("?elders=1" if made.municipality is None else ""))
    return render(request, "groups/signup.html", {"form": form, "keep_months": SignUp.KEEP_MONTHS})


@login_not_required
def signup_done(request):
    return render(request, "groups/signup_done.html", {"elsewhere": "elders" in request.GET})


@login_not_required
@require_http_methods(["GET", "POST"])
def signup_withdraw_view(request, token):
    """The link in the confirmation e-mail: asks first (a mail scanner that opens links
    must not erase anything), then erases the sign-up."""
    if request.method == "POST":
        gone = signup_withdraw(token=token)
        return render(request, "groups/signup_withdrawn.html", {"gone": gone})
    return render(request, "groups/signup_withdraw.html")


@role_required(Role.COORDINATOR, Role.PROGRAMME_STAFF, Role.ADMINISTRATOR)
def signups(request):
    """The sign-ups a coordinator follows up, newest first, by state."""
    rows = signups_for_user(request.user).select_related("municipality", "group")
    chosen = request.GET.get("stand", "")
    if chosen in SignUp.Status.values:
        rows = rows.filter(status=chosen)
    if "elders" in request.GET:
        rows = rows.filter(municipality__isnull=True)
    counts = dict(
        signups_for_user(request.user)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    states = [(value, label, counts.get(value, 0)) for value, label in SignUp.Status.choices]
    return render(
        request,
        "groups/signups.html",
        {"rows": rows[:200], "states": states, "chosen": chosen},
    )


@role_required(Role.COORDINATOR, Role.PROGRAMME_STAFF, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def signup_detail(request, code):
    """One sign-up: its history, the next step, and making it a forming group."""
    item = get_object_or_404(signups_for_user(request.user), code=code)
    may_act = request.user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    labels = dict(SignUp.Status.choices)
    follow = SignUpFollowForm(
        request.POST if request.POST.get("action") == "follow" else None,
        choices=[(s, labels[s]) for s in SIGNUP_ALLOWED[item.status]],
    )
    make = SignUpGroupForm(
        request.POST if request.POST.get("action") == "group" else None,
        initial={"name": _("Welkomgroep %(name)s") % {"name": item.first_name}},
    )
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        form = follow if request.POST.get("action") == "follow" else make
        if form.is_valid():
            try:
                if form is follow:
                    signup_transition(
                        signup=item,
                        to=form.cleaned_data["status"],
                        by=request.user,
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, _("De aanmelding is bijgewerkt."))
                else:
                    group = signup_to_group(
                        signup=item, by=request.user, name=form.cleaned_data["name"]
                    )
                    messages.success(
                        request,
                        _("Groep %(group)s is gemaakt en de uitnodigingen zijn verstuurd.")
                        % {"group": group},
                    )
                return redirect("groups:signup", code=item.code)
            except ApplicationError as error:
                form.add_error(None, str(error))
    return render(
        request,
        "groups/signup_detail.html",
        {
            "item": item,
            "follow": follow,
            "make": make,
            "may_act": may_act,
            "convertible": item.status in SIGNUP_CONVERTIBLE and item.municipality_id,
            "history": item.status_changes.select_related("by"),
        },
    )
