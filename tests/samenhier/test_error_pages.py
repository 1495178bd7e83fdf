"""Error pages in the site's layout and the person's language, with a way back; never
a list of URLs."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error


def test_a_missing_page_is_dutch_in_the_layout_with_a_way_back(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl" dir="ltr">' in html
    assert "Deze pagina bestaat niet (meer)" in html
    assert f'href="{reverse("home")}"' in html
    assert "Hoofdmenu" in html  # the site's own navigation
    assert "URLconf" not in html
    assert "admin/" not in html.split("<main", 1)[1]


def test_a_refused_page_says_so_in_english_when_chosen(client, staff, group):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff)
    response = client.get(reverse("groups:member_invite", args=[group.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en" dir="ltr">' in html
    assert "This page is not for you" in html
    assert "Deze pagina" not in html


def test_an_anonymous_visitor_of_a_missing_page_is_offered_the_login(client, db):
    html = client.get("/account/bestaat-niet/").content.decode()
    assert reverse("account_login") in html


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "Er ging iets mis bij ons"), ("en", "Something went wrong on our side")],
)
def test_a_server_error_page_needs_nothing_that_could_fail_again(language, text, db):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}" dir="ltr">' in html
    assert text in html
    assert "Traceback" not in html


def test_an_expired_form_says_what_to_do(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in html
    assert "laad de pagina opnieuw" in html
