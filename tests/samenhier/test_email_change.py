"""A stolen session does not become an account takeover: nobody adds or changes their own
sign-in address; an administrator does, and the old and new address are both told."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from samenhier.models import User
from samenhier.roles import Role

from ..factories import UserFactory


def test_nobody_adds_an_address_to_their_own_account(client, coordinator, mailoutbox):
    client.force_login(coordinator)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "coördinator of een beheerder" in page.content.decode()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "aanvaller@example.org"}
    )
    assert response.status_code == 405
    assert not EmailAddress.objects.filter(email="aanvaller@example.org").exists()
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "aanvaller@example.org"})
    assert not [m for m in mailoutbox if "aanvaller@example.org" in m.to]


def test_an_administrator_changes_an_address_and_both_are_told(
    client, administrator, mailoutbox, db
):
    person = UserFactory(role=Role.GROUP_MEMBER, email="oud@example.org")
    client.force_login(administrator)
    url = reverse("admin:samenhier_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "email": "nieuw@example.org",
            "groups": [g.pk for g in person.groups.all()],
            "is_active": "on",
            "last_login_0": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
        }
    )
    data.pop("password", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.email == "nieuw@example.org"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified")) == [
        ("nieuw@example.org", True)
    ]
    told = sorted(address for m in mailoutbox for address in m.to)
    assert told == ["nieuw@example.org", "oud@example.org"]
    assert User.objects.filter(email="oud@example.org").count() == 0
