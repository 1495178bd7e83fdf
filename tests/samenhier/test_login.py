"""Signing in: Dutch by default, English on request, no open sign-up, rate limited."""

from django.urls import reverse

from ..factories import PASSWORD


def test_it_shows_the_login_page_in_dutch(client, db):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl" dir="ltr">' in html
    assert "Inloggen bij Samen Hier" in html


def test_it_shows_the_login_page_in_english_after_switching(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/account/login/"})
    assert response.status_code == 302
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Sign in to Samen Hier" in html


def test_it_signs_in_with_email_and_password(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": coordinator.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home"), follow=True).status_code == 200


def test_it_has_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "zelf@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "niet zelf aanmelden" in response.content.decode() or response.status_code != 302
    from samenhier.models import User

    assert not User.objects.filter(email="zelf@example.org").exists()


def test_it_refuses_the_sixth_failed_login_within_five_minutes(client, coordinator):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": coordinator.email, "password": "fout-wachtwoord"}
        )
        assert response.status_code == 200
    # Now even the right password is refused for this account.
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_it_sends_the_admin_login_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
