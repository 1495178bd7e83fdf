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
    assert membership.user.roles == frozenset()  # until the invitation is accepted
    assert membership.user.invitations.get().role == Role.GROUP_MEMBER
    assert {lang.code for lang in membership.languages.all()} == {"nl", "en"}
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role_fixture", ["other_city_coordinator", "group_member"])
def test_it_hides_the_group_from_others(client, request, group, form_data, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.post(reverse("groups:member_invite", args=[group.pk]), form_data)
    assert response.status_code in (403, 404)
    assert not User.objects.filter(email="nieuw.lid@example.org").exists()


def test_a_full_group_offers_no_form_and_refuses_a_sixth_member(
    client, coordinator, group, form_data
):
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(5, group=group)
    client.force_login(coordinator)
    url = reverse("groups:member_invite", args=[group.pk])
    page = client.get(url).content.decode()
    assert "Deze groep is vol: een welkomgroep heeft ten hoogste 5 leden." in page
    assert 'name="email"' not in page
    response = client.post(url, form_data, follow=True)
    assert "Deze groep is vol" in response.content.decode()
    assert group.memberships.count() == 5
    assert not User.objects.filter(email="nieuw.lid@example.org").exists()


def test_a_finished_group_offers_no_invitation(client, community_builder, group, form_data):
    from groups.models import WelcomeGroup

    WelcomeGroup.objects.filter(pk=group.pk).update(status=WelcomeGroup.Status.COMPLETED)
    client.force_login(community_builder)
    home = client.get(reverse("home")).content.decode()
    assert reverse("groups:member_invite", args=[group.pk]) not in home
    assert "afgesloten" in home
    url = reverse("groups:member_invite", args=[group.pk])
    assert 'name="email"' not in client.get(url).content.decode()
    client.post(url, form_data)
    assert not User.objects.filter(email="nieuw.lid@example.org").exists()


def test_a_community_builder_sees_their_groups_in_natural_order(client, community_builder):
    from tests.factories import WelcomeGroupFactory

    for n in (16, 2, 19, 17):
        WelcomeGroupFactory(name=f"Welkomgroep Den Haag {n}", community_builder=community_builder)
    client.force_login(community_builder)
    names = [g.name for g in client.get(reverse("home")).context["built_groups"]]
    numbered = [n for n in names if n.startswith("Welkomgroep Den Haag ")]
    assert numbered == [f"Welkomgroep Den Haag {n}" for n in (2, 16, 17, 19)]


def test_the_invitation_page_links_to_where_members_are_invited(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("invite")).content.decode()
    target = reverse("admin:groups_welcomegroup_changelist")
    assert f'<a href="{target}">de lijst van je groepen</a>' in html


def test_it_refuses_get_for_staff_roles(client, staff, group):
    client.force_login(staff)
    assert client.get(reverse("groups:member_invite", args=[group.pk])).status_code == 403


def test_the_invitation_page_leads_to_the_groups_own_page(client, coordinator, group):
    # The group's page is the matching app's, which hands its address in (samenhier/links.py).
    client.force_login(coordinator)
    page = client.get(reverse("groups:member_invite", args=[group.pk])).content.decode()
    assert f'href="{reverse("matching:portal", args=[group.pk])}"' in page
