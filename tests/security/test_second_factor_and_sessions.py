"""Second factor for staff roles, session limits, no-store, deactivation."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samenhier.roles import Role

from ..factories import PASSWORD, UserFactory, totp_code


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.PROGRAMME_STAFF, Role.ADMINISTRATOR]
)
def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, role, municipality):
    user = UserFactory(role=role, municipalities=[municipality])
    Authenticator.objects.filter(user=user).delete()
    # A real sign-in with the password (there is no second factor to ask for yet).
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    for url in ("/", "/impact/", "/admin/", "/opvolging/", "/koppelen/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    # Setting up a second factor asks for the password once more (allauth), then opens.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_group_member_needs_no_second_factor(client, group_member):
    client.force_login(group_member)
    assert client.get("/", follow=True).status_code == 200


def test_login_asks_for_the_code_and_only_then_signs_in(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(coordinator.totp_secret)})
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_the_admin_login_goes_through_allauth_and_its_second_factor(client, coordinator):
    response = client.get("/admin/login/")
    assert response["Location"].startswith(reverse("account_login"))


def test_a_password_reset_does_not_sign_in(client, coordinator, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": coordinator.email})
    link = [line for line in mailoutbox[0].body.splitlines() if "/password/reset/key/" in line][0]
    path = link[link.index("/account/") :].strip()
    response = client.get(path, follow=True)
    new = "Nieuw-wachtwoord-2026-x"
    client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else path,
        {"password1": new, "password2": new},
    )
    assert "_auth_user_id" not in client.session
    # Signing in again still asks for the second factor.
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": new})
    assert response["Location"] == reverse("mfa_authenticate")


def test_staff_are_signed_out_after_30_idle_minutes(client, coordinator, monkeypatch):
    client.force_login(coordinator)
    assert client.get("/", follow=True).status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_staff_are_signed_out_12_hours_after_signing_in(client, coordinator, monkeypatch):
    client.force_login(coordinator)
    start = time.time()
    for minutes in range(0, 12 * 60, 25):  # active all day, never idle 30 minutes
        monkeypatch.setattr(time, "time", lambda m=minutes: start + m * 60)
        assert client.get("/").status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 12 * 60 * 60 + 60)
    assert client.get("/").status_code == 302


def test_a_group_member_is_not_signed_out_after_30_minutes(client, group_member, monkeypatch):
    client.force_login(group_member)
    client.get("/", follow=True)
    later = time.time() + 45 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/", follow=True).status_code == 200


def test_deactivating_a_user_ends_their_sessions(client, coordinator):
    from samenhier.services import account_deactivate

    sign_in_with_code(client, coordinator)
    assert UserSession.objects.filter(user=coordinator).exists()
    account_deactivate(user=coordinator)
    assert not UserSession.objects.filter(user=coordinator).exists()
    response = client.get("/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_pages_with_personal_data_are_not_stored(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"


def test_the_content_security_policy_is_strict(client, db):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.GROUP_MEMBER, Role.REFUGEE])
def test_the_sessions_page_opens_for_everyone(client, role, db):
    # It once failed for everyone: allauth's template needs django.contrib.humanize.
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("usersessions_list")).status_code == 200


def sign_in_with_code(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(user.totp_secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_code_used_twice_says_wait_for_the_next_one(client, coordinator):
    cache.clear()
    code = totp_code(coordinator.totp_secret)
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.logout()
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session
    assert "Wacht op de volgende code" in response.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "Wacht op de volgende code" not in wrong.content.decode()


def test_removing_the_second_factor_ends_the_other_sessions(client, db):
    member = UserFactory(role=Role.GROUP_MEMBER)
    member.totp_secret = generate_totp_secret()
    TOTP.activate(member, member.totp_secret)
    other = Client()
    sign_in_with_code(other, member)
    cache.clear()  # the same code again: this test is not about reuse
    sign_in_with_code(client, member)
    assert UserSession.objects.filter(user=member).count() == 2
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type="totp").exists()
    assert UserSession.objects.filter(user=member).count() == 1
    assert other.get("/")["Location"].startswith(reverse("account_login"))
    assert client.get("/", follow=True).status_code == 200
