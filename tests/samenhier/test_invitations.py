"""A coordinator invites a person by e-mail; the link sets a password once and expires."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samenhier.models import Invitation, User
from samenhier.roles import Role
from samenhier.services import InvitationError, user_invite

from ..factories import PASSWORD, UserFactory


def invite_link(message) -> str:
    return re.search(r"https?://\S+(/uitnodiging/\S+/)", message.body).group(1)


@pytest.fixture
def invited(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user, invitation = user_invite(
            email="Nieuwe.Builder@Example.org",
            first_name="Nina",
            last_name="Nieuw",
            role=Role.COMMUNITY_BUILDER,
            by=coordinator,
        )
    return user, invitation


def test_it_invites_a_community_builder(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite"),
            {
                "email": "cb@example.org",
                "first_name": "Cees",
                "last_name": "Bouwer",
                "role": Role.COMMUNITY_BUILDER,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="cb@example.org")
    assert user.roles == frozenset()  # the role comes when the invitation is accepted
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cb@example.org"]
    assert "/uitnodiging/" in mail.outbox[0].body
    invitation = Invitation.objects.get(user=user)
    assert invitation.sent_at is not None
    assert invitation.invited_by == coordinator


def test_it_lets_the_invited_person_set_a_password_once(client, invited):
    user, _invitation = invited
    link = invite_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert User.objects.get(pk=user.pk).roles == {Role.COMMUNITY_BUILDER}
    # Signed in right away; as a community builder, first to set up a second factor.
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # Single use: the same link no longer works, and changes nothing.
    client.logout()
    response = client.post(
        link, {"new_password1": "Ander-wachtwoord-99", "new_password2": "Ander-wachtwoord-99"}
    )
    assert response.status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_refuses_an_expired_link(client, invited):
    user, _invitation = invited
    link = invite_link(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 410
    assert "verlopen of al gebruikt" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_it_refuses_a_weak_password_with_a_clear_message(client, invited):
    user, _invitation = invited
    response = client.post(
        invite_link(mail.outbox[0]), {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_it_replaces_an_earlier_invitation(
    invited, coordinator, django_capture_on_commit_callbacks
):
    user, first = invited
    with django_capture_on_commit_callbacks(execute=True):
        _user, second = user_invite(
            email=user.email,
            first_name="Nina",
            last_name="Nieuw",
            role=Role.COMMUNITY_BUILDER,
            by=coordinator,
        )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_usable


def test_it_sends_an_invitation_once_even_when_the_task_runs_twice(invited):
    from samenhier.services import invitation_send

    _user, invitation = invited
    assert invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_it_refuses_a_role_the_inviter_may_not_give(coordinator):
    with pytest.raises(InvitationError):
        user_invite(
            email="x@example.org",
            first_name="X",
            last_name="",
            role=Role.PROGRAMME_STAFF,
            by=coordinator,
        )
    assert not User.objects.filter(email="x@example.org").exists()


def test_it_refuses_a_municipality_outside_the_coordinators_own(
    client, coordinator, other_municipality
):
    client.force_login(coordinator)
    response = client.post(
        reverse("invite"),
        {
            "email": "c2@example.org",
            "first_name": "C",
            "last_name": "Twee",
            "role": Role.COORDINATOR,
            "municipalities": [other_municipality.pk],
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="c2@example.org").exists()


def test_it_lets_an_administrator_invite_programme_staff(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("invite"),
        {
            "email": "staff@example.org",
            "first_name": "S",
            "last_name": "Taf",
            "role": Role.PROGRAMME_STAFF,
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(user__email="staff@example.org")
    assert invitation.role == Role.PROGRAMME_STAFF
    assert User.objects.get(email="staff@example.org").roles == frozenset()


@pytest.mark.parametrize(
    "role_fixture", ["group_member", "staff", "refugee_user", "community_builder", "outsider"]
)
def test_it_refuses_the_invite_page_to_other_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.post(
        reverse("invite"),
        {
            "email": "z@example.org",
            "first_name": "Z",
            "role": Role.COORDINATOR,
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="z@example.org").exists()


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("invite"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_refuses_an_unknown_link(client, db):
    response = client.get(reverse("invitation_accept", args=["niet-bestaand"]))
    assert response.status_code == 410


def test_an_existing_account_gets_the_role_only_when_it_accepts(
    client, coordinator, django_capture_on_commit_callbacks
):
    person = UserFactory(role=Role.GROUP_MEMBER, email="bestaand@example.org")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite"),
            {
                "email": "bestaand@example.org",
                "first_name": "Iemand",
                "last_name": "Anders",
                "role": Role.COMMUNITY_BUILDER,
            },
            follow=True,
        )
    # The inviter reads the same words as for a new address, and no name.
    html = response.content.decode()
    assert "Uitnodiging verstuurd naar bestaand@example.org." in html
    assert person.first_name not in html
    assert User.objects.get(pk=person.pk).roles == {Role.GROUP_MEMBER}
    link = invite_link(mail.outbox[-1])
    assert "log in en accepteer" in mail.outbox[-1].body.lower()
    # Anonymous: asked to sign in; someone else signed in: refused; the person: accepts.
    client.logout()
    assert "Inloggen" in client.get(link).content.decode()
    client.post(link)
    assert User.objects.get(pk=person.pk).roles == {Role.GROUP_MEMBER}
    client.force_login(UserFactory(role=Role.GROUP_MEMBER))
    client.post(link)
    assert User.objects.get(pk=person.pk).roles == {Role.GROUP_MEMBER}
    client.force_login(person)
    assert client.post(link).status_code == 302
    assert User.objects.get(pk=person.pk).roles == {Role.GROUP_MEMBER, Role.COMMUNITY_BUILDER}
    assert client.get(link).status_code == 410  # used


def test_the_invite_result_is_the_same_for_a_new_and_an_existing_address(client, coordinator):
    UserFactory(email="bestaat@example.org", first_name="Geheim")
    client.force_login(coordinator)
    pages = []
    for email in ("bestaat@example.org", "nieuw@example.org"):
        response = client.post(
            reverse("invite"),
            {"email": email, "first_name": "X", "last_name": "Y", "role": Role.COMMUNITY_BUILDER},
            follow=True,
        )
        pages.append(response.content.decode().replace(email, "ADDRESS"))
    assert "Geheim" not in pages[0]
    messages = [p[p.index('role="status"') :][:200] for p in pages]
    assert messages[0] == messages[1]


def test_an_address_too_long_for_the_database_gets_a_message(client, coordinator):
    # 300 characters once reached PostgreSQL's varchar(254) and ended in a server error.
    client.force_login(coordinator)
    email = "a" * 290 + "@example.org"
    response = client.post(
        reverse("invite"),
        {"email": email, "first_name": "X", "last_name": "Y", "role": Role.COMMUNITY_BUILDER},
    )
    assert response.status_code == 200
    assert "254" in response.content.decode()
    assert not User.objects.filter(email=email).exists()


def test_a_goal_of_a_megabyte_is_refused(client, coordinator, municipality):
    from ..factories import active_trajectory, life_domain

    t = active_trajectory(municipality=municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:goal_add", args=[t.pk]),
        {"life_domain": life_domain("work").pk, "description": "x" * 1_000_000, "status": "open"},
    )
    assert response.status_code == 200
    assert not t.goals.exists()
