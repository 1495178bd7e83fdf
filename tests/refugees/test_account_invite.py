"""A household's own account, by invitation from its coordinator: the page says the same
whether or not the address already has an account, and names nobody."""

import pytest
from django.urls import reverse

from refugees.models import Refugee
from samenhier.models import Invitation
from samenhier.roles import Role

from ..factories import RefugeeFactory, UserFactory


def invite(client, refugee, email):
    return client.post(
        reverse("refugees:account_invite", args=[refugee.code]),
        {"email": email, "first_name": "Amal", "last_name": "Getypt"},
        follow=True,
    )


@pytest.fixture
def household(municipality):
    return RefugeeFactory(municipality=municipality)


def test_a_new_address_gets_an_invitation(client, coordinator, household):
    client.force_login(coordinator)
    page = invite(client, household, "nieuw.huishouden@example.org").content.decode()
    assert "De uitnodiging is verstuurd." in page
    household.refresh_from_db()
    assert household.user.email == "nieuw.huishouden@example.org"
    assert Invitation.objects.filter(user=household.user, role=Role.REFUGEE).count() == 1


def test_another_households_address_gets_the_same_answer_and_nothing_happens(
    client, coordinator, household, municipality
):
    other = RefugeeFactory(municipality=municipality)
    other.user = UserFactory(role=Role.REFUGEE, email="ander.huishouden@example.org")
    other.save(update_fields=["user"])
    client.force_login(coordinator)
    page = invite(client, household, "Ander.Huishouden@example.org ").content.decode()
    assert "De uitnodiging is verstuurd." in page
    assert "ander huishouden" not in page
    household.refresh_from_db()
    assert household.user is None
    assert not Invitation.objects.filter(user=other.user).exists()


def test_an_existing_account_is_not_named_and_gets_the_role_only_when_it_accepts(
    client, coordinator, household
):
    member = UserFactory(
        role=Role.GROUP_MEMBER, email="lid@example.org", first_name="Gerrit", last_name="Geheim"
    )
    client.force_login(coordinator)
    page = invite(client, household, "lid@example.org").content.decode()
    assert "De uitnodiging is verstuurd." in page
    assert "Geheim" not in page
    assert "lid@example.org (uitgenodigd)" in page
    member.refresh_from_db()
    assert not member.has_role(Role.REFUGEE)
    assert Refugee.objects.get(pk=household.pk).user == member
