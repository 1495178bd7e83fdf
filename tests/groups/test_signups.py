"""Recruitment: a resident's "I want to help" on the public page, followed up by the
coordinators of their municipality, turned into a forming group — or erased."""

import datetime
import re

import factory
import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, SignUp, WelcomeGroup
from groups.services import signup_create
from matching.retention import retention_run
from samenhier.models import Invitation, Notification, User

from ..factories import MunicipalityFactory

START = reverse("groups:signup_start")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    first_name = "Fenna"
    last_name = "Voorbeeld"
    email = factory.Sequence(lambda n: f"aanmelder{n}@example.org")
    privacy_version = "1.0"


def form(municipality, **extra):
    data = {
        "first_name": "Fenna",
        "last_name": "de Vries",
        "email": "fenna@example.org",
        "municipality": municipality.pk if municipality else "",
        "place_elsewhere": "",
        "heard_from": "friend",
        "privacy": "on",
        "website": "",
    }
    return {**data, **extra}


def post(client, data, capture, address="203.0.113.7"):
    """The form sent from one client address, its on-commit work (the e-mail) done."""
    with capture(execute=True):
        return client.post(START, data, REMOTE_ADDR=address)


def test_anyone_can_sign_up_without_an_account(
    client, municipality, django_capture_on_commit_callbacks
):
    page = client.get(START)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]  # no JS needed
    users = User.objects.count()
    response = post(
        client,
        form(
            municipality,
            companion_1_first_name="Ahmed",
            companion_1_email="ahmed@example.org",
            companion_2_first_name="Joke",
            companion_2_last_name="Bakker",
            companion_2_email="JOKE@example.org",
        ),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert (signup.municipality, signup.status) == (municipality, SignUp.Status.NEW)
    assert [c["email"] for c in signup.companions] == ["ahmed@example.org", "joke@example.org"]
    assert User.objects.count() == users  # no account is made
    # The confirmation, with a link to withdraw (only its hash is kept).
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fenna@example.org"]
    link = re.search(r"https?://\S+/groepen/start/intrekken/\S+/", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in SignUp.objects.get().withdraw_hash


def test_a_robot_filling_the_honeypot_is_thanked_and_forgotten(
    client, municipality, django_capture_on_commit_callbacks
):
    response = post(
        client,
        form(municipality, website="http://spam.example"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert not SignUp.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "x" * 61, "60 tekens"),
        ("email", "geen-adres", "geldig e-mailadres"),
        ("privacy", "", "Zonder je akkoord"),
        ("companion_1_first_name", "Ahmed", "voornaam en een e-mailadres"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_nothing(
    client, municipality, field, value, message, django_capture_on_commit_callbacks
):
    data = form(municipality, **{field: value})
    if value == "":
        data.pop(field)
    response = post(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignUp.objects.exists()


def test_one_address_and_one_client_are_limited(
    client, municipality, django_capture_on_commit_callbacks
):
    for _ in range(2):
        assert (
            post(client, form(municipality), django_capture_on_commit_callbacks).status_code == 302
        )
    third = post(client, form(municipality), django_capture_on_commit_callbacks)
    assert "vandaag al aangemeld" in third.content.decode()
    assert SignUp.objects.count() == 2
    # Another five addresses from one client in the same hour: the sixth sign-up of
    # that client is refused (the first two counted already).
    for n in range(3):
        post(
            client,
            form(municipality, email=f"p{n}@example.org"),
            django_capture_on_commit_callbacks,
        )
    refused = post(
        client, form(municipality, email="last@example.org"), django_capture_on_commit_callbacks
    )
    assert "te veel aanmeldingen" in refused.content.decode()
    assert not SignUp.objects.filter(email="last@example.org").exists()
    # Another client is not held up by it.
    other = post(
        client,
        form(municipality, email="elders@example.org"),
        django_capture_on_commit_callbacks,
        "198.51.100.1",
    )
    assert other.status_code == 302


def test_a_place_where_the_programme_does_not_run_reaches_staff(
    client, staff, django_capture_on_commit_callbacks
):
    response = post(
        client, form(None, place_elsewhere="Zierikzee"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert "elders=1" in response["Location"]
    done = client.get(response["Location"]).content.decode()
    assert "loopt Samen Hier nog niet" in done
    signup = SignUp.objects.get()
    assert signup.municipality is None
    assert signup.place_elsewhere == "Zierikzee"
    note = Notification.objects.get(recipient=staff)
    assert "Zierikzee" in note.text_nl
    assert "Fenna" not in note.text_nl  # the place, never the person


def test_withdrawing_asks_first_then_erases(
    client, municipality, django_capture_on_commit_callbacks
):
    post(client, form(municipality), django_capture_on_commit_callbacks)
    link = re.search(r"/groepen/start/intrekken/\S+/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200
    assert SignUp.objects.exists()  # a mail scanner opening the link erases nothing
    response = client.post(link)
    assert "ingetrokken en gewist" in response.content.decode()
    assert not SignUp.objects.exists()
    assert "werkt niet" in client.post(link).content.decode()


def test_coordinators_follow_up_their_own_municipalitys_signups(
    client, coordinator, other_city_coordinator, municipality, other_municipality
):
    own = SignUpFactory(municipality=municipality)
    # A name no factory draws (a coordinator named Karel once showed on the page).
    other = SignUpFactory(municipality=other_municipality, first_name="Quirijntje")
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "Nieuwe aanmeldingen" in home
    assert reverse("groups:signup", args=[own.code]) in home
    page = client.get(reverse("groups:signups")).content.decode()
    assert "Fenna" in page
    assert "Quirijntje" not in page
    assert client.get(reverse("groups:signup", args=[other.code])).status_code == 404
    client.force_login(other_city_coordinator)
    assert client.get(reverse("groups:signup", args=[own.code])).status_code == 404


@pytest.mark.parametrize(
    "role_fixture", ["group_member", "refugee_user", "community_builder", "outsider"]
)
def test_others_are_refused(client, request, municipality, role_fixture):
    own = SignUpFactory(municipality=municipality)
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("groups:signups")).status_code == 403
    response = client.post(
        reverse("groups:signup", args=[own.code]), {"action": "group", "name": "X"}
    )
    assert response.status_code == 403
    assert not WelcomeGroup.objects.filter(name="X").exists()


def test_staff_see_the_signups_from_elsewhere_but_do_not_act(client, staff, municipality):
    here = SignUpFactory(municipality=municipality)
    elsewhere = SignUpFactory(municipality=None, place_elsewhere="Zierikzee")
    client.force_login(staff)
    page = client.get(reverse("groups:signups")).content.decode()
    assert "Zierikzee" in page
    assert client.get(reverse("groups:signup", args=[here.code])).status_code == 404
    response = client.post(
        reverse("groups:signup", args=[elsewhere.code]),
        {"action": "follow", "status": "contacted"},
    )
    assert response.status_code == 403
    assert SignUp.objects.get(pk=elsewhere.pk).status == SignUp.Status.NEW


def test_the_steps_of_a_signup_and_a_reason_to_stop(client, coordinator, municipality):
    item = signup_create(
        first_name="Fenna", last_name="de Vries", email="f@example.org", municipality=municipality
    )
    url = reverse("groups:signup", args=[item.code])
    client.force_login(coordinator)
    client.post(url, {"action": "follow", "status": "contacted"})
    client.post(url, {"action": "follow", "status": "intake_planned", "note": "donderdag"})
    assert SignUp.objects.get(pk=item.pk).status == SignUp.Status.INTAKE_PLANNED
    response = client.post(url, {"action": "follow", "status": "not_continued"})
    assert "waarom" in response.content.decode()
    assert SignUp.objects.get(pk=item.pk).status == SignUp.Status.INTAKE_PLANNED
    client.post(url, {"action": "follow", "status": "not_continued", "note": "verhuisd"})
    item.refresh_from_db()
    assert (item.status, item.reason) == (SignUp.Status.NOT_CONTINUED, "verhuisd")
    assert [c.new for c in item.status_changes.all()] == [
        "new",
        "contacted",
        "intake_planned",
        "not_continued",
    ]


def test_one_action_makes_a_forming_group_and_invites_everyone(
    client, coordinator, municipality, django_capture_on_commit_callbacks
):
    item = SignUpFactory(
        municipality=municipality,
        email="fenna@example.org",
        companions=[
            {"first_name": "Ahmed", "last_name": "", "email": "ahmed@example.org"},
            {"first_name": "Joke", "last_name": "Bakker", "email": "joke@example.org"},
        ],
    )
    url = reverse("groups:signup", args=[item.code])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "group", "name": "Welkomgroep Duinoord"})
    assert response.status_code == 302
    group = WelcomeGroup.objects.get(name="Welkomgroep Duinoord")
    assert (group.municipality, group.status) == (municipality, WelcomeGroup.Status.FORMING)
    members = Membership.objects.filter(group=group)
    assert {m.user.email for m in members} == {
        "fenna@example.org",
        "ahmed@example.org",
        "joke@example.org",
    }
    assert members.get(is_contact=True).user.email == "fenna@example.org"
    assert Invitation.objects.filter(user__memberships__group=group).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ahmed@example.org",
        "fenna@example.org",
        "joke@example.org",
    ]
    item.refresh_from_db()
    assert (item.status, item.group) == (SignUp.Status.BECAME_GROUP, group)
    again = client.post(url, {"action": "group", "name": "Nog een"})
    assert "al een groep" in again.content.decode() or again.status_code == 200
    assert WelcomeGroup.objects.count() == 1


def test_signups_that_did_not_become_a_group_are_erased_after_12_months(municipality):
    long_ago = timezone.now() - datetime.timedelta(days=370)
    old = SignUpFactory(municipality=municipality, created_at=long_ago)
    closed = SignUpFactory(
        municipality=municipality, created_at=long_ago, status=SignUp.Status.NOT_CONTINUED
    )
    group = WelcomeGroup.objects.create(name="Van een aanmelding", municipality=municipality)
    kept = SignUpFactory(
        municipality=municipality,
        created_at=long_ago,
        status=SignUp.Status.BECAME_GROUP,
        group=group,
    )
    recent = SignUpFactory(municipality=MunicipalityFactory(name="Delft"))
    assert retention_run() == 2
    assert set(SignUp.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert not SignUp.objects.filter(pk__in=[old.pk, closed.pk]).exists()
    assert retention_run() == 0  # nothing twice


def test_behind_the_proxy_each_visitor_has_their_own_limit(
    client, municipality, settings, django_capture_on_commit_callbacks
):
    """In production every request comes from the TLS proxy: the limit per client counts
    the address the proxy saw, not the proxy's own, and not what a visitor writes in front."""
    settings.SAMENHIER_PROXIES = 1
    capture = django_capture_on_commit_callbacks

    def from_visitor(n, visitor, spoofed=""):
        forwarded = f"{spoofed}, {visitor}" if spoofed else visitor
        with capture(execute=True):
            return client.post(
                START,
                form(municipality, email=f"v{n}@example.org"),
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=forwarded,
            )

    for n in range(5):
        assert from_visitor(n, "203.0.113.9", spoofed=f"198.51.100.{n}").status_code == 302
    refused = from_visitor(5, "203.0.113.9", spoofed="192.0.2.77")  # a new lie, same visitor
    assert "te veel aanmeldingen" in refused.content.decode()
    assert from_visitor(6, "203.0.113.10").status_code == 302  # another visitor


def test_the_login_page_leads_a_resident_to_the_sign_up(client, db):
    # The core's login page names no URL of this app: the app offers it (apps.py).
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{START}"' in page
