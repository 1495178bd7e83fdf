"""Done means, for each of the five household languages: every page a household sees
and every e-mail sent to it leaves no Dutch text (compared with the Dutch rendering of
the same page, same data), with the right `lang` and `dir`.

A "piece of Dutch left" is a text node (or a spoken attribute) of the page in the other
language that is exactly one of the Dutch page's. Names, addresses and the household's
own words sit in <bdi> (data, not messages) and are left out; so is what is marked as
another language (the language switch).
"""

import json
import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from samenhier.roles import Role
from samenhier.services import invitation_create

from ..factories import UserFactory
from .household import (
    HOUSEHOLD_LANGUAGES,
    RTL,
    dutch_left,
    proposed_match,
    running_year,
    text_lines,
)

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code in (200, 403, 404, 410), response.status_code
    return response.content.decode()


def assert_language(html: str, language: str) -> None:
    direction = "rtl" if language in RTL else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    sheet = "bootstrap.rtl.min.css" if direction == "rtl" else "bootstrap.min.css"
    assert f"vendor/bootstrap/{sheet}" in html


def signed_in_as(user, language):
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def anonymous_in(language):
    client = Client()
    client.cookies["django_language"] = language
    return client


def household_pages(client, world) -> dict:
    """Every page of a household with an account, as that household opens it."""
    trajectory, proposed = world["trajectory"], world["proposed"]
    check_in = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    return {
        "home, the year running": lambda c: c.get(reverse("home")),
        "a check-in": lambda c: c.get(check_in),
        "a check-in sent without an answer": lambda c: c.post(check_in, {"helps": "x"}),
        "notifications": lambda c: c.get(reverse("notifications")),
        "changing the password": lambda c: c.get(reverse("account_change_password")),
        "a wrong current password": lambda c: c.post(
            reverse("account_change_password"),
            {"oldpassword": "fout", "password1": "a", "password2": "b"},
        ),
        "signing out": lambda c: c.get(reverse("account_logout")),
        "a page that does not exist": lambda c: c.get("/bestaat-niet/"),
        "a staff page": lambda c: c.get(reverse("matching:followup")),
        "their own data": lambda c: c.get(reverse("refugees:my_data")),
        "a match proposed to them": lambda c: c.get(
            reverse("matching:household_confirm", args=[proposed.code])
        ),
    }


@pytest.fixture
def world(municipality):
    trajectory, user = running_year(municipality)
    proposed, proposed_user = proposed_match(municipality)
    return {
        "trajectory": trajectory,
        "user": user,
        "proposed": proposed,
        "proposed_user": proposed_user,
    }


def tell_the_year_started(user, trajectory, key="match-started:test"):
    """The notice the household gets when its year starts, as the service words it."""
    from matching.services.reminders import STARTED_HOUSEHOLD
    from samenhier.services import notify

    notify(
        recipient=user,
        key=key,
        message=STARTED_HOUSEHOLD,
        params={"group": trajectory.match.group.name, "date": "01-02-2026"},
        url=reverse("home"),
    )


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_every_page_of_a_household_is_in_its_language(world, language):
    user = world["user"]
    user.language = language
    user.save(update_fields=["language"])
    tell_the_year_started(user, world["trajectory"])
    pages = household_pages(None, world)
    leftover = {}
    for name, open_page in pages.items():
        who = world["proposed_user"] if name == "a match proposed to them" else user
        dutch = html_of(open_page(signed_in_as(who, "nl")))
        other = html_of(open_page(signed_in_as(who, language)))
        assert_language(other, language)
        if left := dutch_left(dutch, other, language):
            leftover[name] = sorted(left)
    home_proposed = lambda c: c.get(reverse("home"))  # noqa: E731
    dutch = html_of(home_proposed(signed_in_as(world["proposed_user"], "nl")))
    other = html_of(home_proposed(signed_in_as(world["proposed_user"], language)))
    if left := dutch_left(dutch, other, language):
        leftover["home, a match proposed"] = sorted(left)
    assert leftover == {}, json.dumps(leftover, ensure_ascii=False, indent=1)


def _reset_link(email):
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": email})
    return re.search(r"http://\S+/password/reset/key/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_every_page_before_signing_in_is_in_the_chosen_language(world, language, coordinator):
    user = world["user"]
    invited = UserFactory(first_name="Amal", password=None)
    invited.set_unusable_password()
    invited.save()
    pages = {
        "signing in": lambda c: c.get(reverse("account_login")),
        "a wrong password": lambda c: c.post(
            reverse("account_login"), {"login": user.email, "password": "fout-wachtwoord"}
        ),
        "a forgotten password": lambda c: c.get(reverse("account_reset_password")),
        "the reset link sent": lambda c: c.post(
            reverse("account_reset_password"), {"email": user.email}, follow=True
        ),
        "an old reset link": lambda c: c.get(
            reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "x-y"})
        ),
        "no sign-up": lambda c: c.get(reverse("account_signup")),
        "an unusable invitation": lambda c: c.get(reverse("invitation_accept", args=["oud"])),
        "a page that does not exist": lambda c: c.get("/bestaat-niet/"),
    }
    leftover = {}
    for name, open_page in pages.items():
        dutch = html_of(open_page(anonymous_in("nl")))
        other = html_of(open_page(anonymous_in(language)))
        assert_language(other, language)
        if left := dutch_left(dutch, other, language):
            leftover[name] = sorted(left)
    # A valid reset link (its page in the chosen language); each link works once.
    link = _reset_link(user.email)
    dutch = html_of(anonymous_in("nl").get(link, follow=True))
    link = _reset_link(user.email)
    other = html_of(anonymous_in(language).get(link, follow=True))
    assert_language(other, language)
    if left := dutch_left(dutch, other, language):
        leftover["a new password"] = sorted(left)
    assert leftover == {}, json.dumps(leftover, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_the_pages_django_renders_alone_are_in_the_language(language, db):
    from django.views.csrf import csrf_failure

    def pages():
        return {
            "server error": server_error(RequestFactory().get("/")).content.decode(),
            "expired form": csrf_failure(RequestFactory().post("/")).content.decode(),
        }

    with translation.override("nl"):
        dutch = pages()
    with translation.override(language):
        other = pages()
    for name in dutch:
        assert_language(other[name], language)
        assert dutch_left(dutch[name], other[name], language) == set(), name


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_the_invitation_page_speaks_the_invitations_language(language, coordinator):
    """Someone invited opens the link before they have an account to sign in with."""
    from samenhier.services import _token_hash

    invited = UserFactory(first_name="Amal")
    invited.set_unusable_password()
    invited.save()
    invitation = invitation_create(user=invited, role=Role.REFUGEE, by=coordinator)
    invitation.token_hash = _token_hash("een-geheime-link")
    invitation.save(update_fields=["token_hash"])
    url = reverse("invitation_accept", args=["een-geheime-link"])
    pages = {}
    for code in ("nl", language):
        invited.language = code
        invited.save(update_fields=["language"])
        pages[code] = html_of(Client().get(url))
    assert_language(pages[language], language)
    assert dutch_left(pages["nl"], pages[language], language) == set()


def _mail_text(message) -> str:
    return message.subject + "\n" + message.body


@pytest.mark.parametrize("language", HOUSEHOLD_LANGUAGES)
def test_every_email_to_a_household_is_in_its_language(
    world, language, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """The invitation, a notification (the year started, told by the coordinator's
    action) and the password reset, each in the household's own language, compared with
    the same e-mail in Dutch."""
    user = world["user"]
    names = {user.first_name, world["trajectory"].match.group.name, coordinator.get_full_name()}

    def emails():
        mailoutbox.clear()
        with (
            translation.override("nl"),  # whoever triggers it works in Dutch
            django_capture_on_commit_callbacks(execute=True),
        ):
            invitation_create(user=user, role=Role.REFUGEE, by=coordinator)
            tell_the_year_started(user, world["trajectory"], key=f"started-{user.language}")
            anonymous_in("nl").post(reverse("account_reset_password"), {"email": user.email})
        texts = [_mail_text(m) for m in mailoutbox]
        assert len(texts) == 3
        return texts

    user.language = "nl"
    user.save(update_fields=["language"])
    dutch = emails()
    user.language = language
    user.save(update_fields=["language"])
    other = emails()
    for dutch_text, other_text in zip(dutch, other, strict=True):
        left = text_lines(other_text) & text_lines(dutch_text)
        left = {line for line in left if line not in names}
        assert left == set(), other_text
