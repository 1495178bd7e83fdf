"""Coordinators and community builders invite people into a group by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from groups.models import Membership
from samenhier.models import User
from samenhier.roles import Role

FORM = {"email": "nieuw.lid@example.org", "first_name": "Nel", "last_name": "Lid", "languages": []}


@pytest.fixture
def form_data():
    from tests.factories import language

    return {**FORM, "languages": [language("nl").pk, language("en").pk]}


@pytest.mark.parametrize("role_fixture", ["coordinator", "community_builder", "administrator"])
def test_it_invites_a_member(
    client, request, group, form_data, role_fixture, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(role_fixture))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:member_invite", args=[group.pk]), form_data)
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, user__email="nieuw.lid@example.org")
    assert membership.user.roles == {Role.GROUP_MEMBER}
    assert {lang.code for lang in membership.languages.all()} == {"nl", "en"}
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role_fixture", ["other_city_coordinator", "group_member"])
def test_it_hides_the_group_from_others(client, request, group, form_data, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.post(reverse("groups:member_invite", args=[group.pk]), form_data)
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="nieuw.lid@example.org").exists()


def test_it_refuses_a_sixth_member_with_a_message(client, coordinator, group, form_data):
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(5, group=group)
    client.force_login(coordinator)
    response = client.post(reverse("groups:member_invite", args=[group.pk]), form_data)
    assert response.status_code == 200
    assert "ten hoogste 5" in response.content.decode()
    assert group.memberships.count() == 5
    assert not User.objects.filter(email="nieuw.lid@example.org").exists()


def test_it_refuses_get_for_staff_roles(client, staff, group):
    client.force_login(staff)
    assert client.get(reverse("groups:member_invite", args=[group.pk])).status_code == 403
