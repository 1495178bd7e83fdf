"""Their own voice: a check-in is answered in any language and records it; the community
builder and coordinator see it with that language named (the group never does). A
household with an account agrees to the proposed match itself, after reading who the
group is in plain words; that is the household's consent, as when a coordinator records
it."""

import pytest
from django.test import Client
from django.urls import reverse

from matching.models import CheckIn, Match
from samenhier.roles import Role

from ..factories import MatchFactory, UserFactory, ready_group, ready_refugee
from .household import add_member, household_user, proposed_match, running_year

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# -- check-ins ------------------------------------------------------------------------------


def test_a_check_in_records_the_language_it_was_written_in(municipality):
    trajectory, user = running_year(municipality, language_code="ar")
    url = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    page = signed_in(user).get(url).content.decode()
    # The page's own language is offered first, named in it.
    assert '<option value="ar" selected>العربية</option>' in page
    response = signed_in(user).post(
        url,
        {"score": "4", "helps": "دروس اللغة", "missing": "عمل", "language": "ar"},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get(trajectory=trajectory)
    assert (check_in.language.code, check_in.helps, check_in.by) == ("ar", "دروس اللغة", user)


def test_a_check_in_may_be_in_a_language_the_site_does_not_speak(municipality):
    trajectory, user = running_year(municipality, language_code="ar")
    url = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    signed_in(user).post(url, {"score": "3", "helps": "Somali", "language": "so"})
    assert CheckIn.objects.get(trajectory=trajectory).language.code == "so"


def test_a_check_in_with_a_bad_language_changes_nothing(municipality):
    trajectory, user = running_year(municipality, language_code="tr")
    url = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    refused = {
        **dict.fromkeys(("999999", "x", "1" * 40, "²", "ar" * 30), "Geçerli bir seçenek seçin."),
        "a\x00": "Boş karakterlere izin verilmiyor.",
    }
    for bad, message in refused.items():
        response = signed_in(user).post(url, {"score": "3", "language": bad})
        assert response.status_code == 200
        assert message in response.content.decode(), repr(bad)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("reader", ["coordinator", "community_builder"])
def test_those_who_follow_the_year_see_the_language_named(municipality, reader):
    trajectory, user = running_year(municipality, language_code="fa")
    url = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    signed_in(user).post(url, {"score": "2", "helps": "کلاس زبان", "language": "fa"})
    person = (
        UserFactory(role=Role.COORDINATOR, municipalities=[municipality])
        if reader == "coordinator"
        else trajectory.match.group.community_builder
    )
    html = signed_in(person).get(reverse("matching:trajectory", args=[trajectory.code]))
    html = html.content.decode()
    assert "geschreven in het Perzisch (Farsi)" in html
    assert '<span lang="fa" dir="auto">کلاس زبان</span>' in html


def test_the_group_never_reads_a_check_in_nor_its_language(municipality):
    trajectory, user = running_year(municipality, language_code="fa")
    url = reverse("matching:check_in", args=[trajectory.code, "check_in"])
    signed_in(user).post(url, {"score": "2", "helps": "کلاس زبان", "language": "fa"})
    member = trajectory.match.group.memberships.get(is_contact=True).user
    portal = signed_in(member).get(reverse("matching:portal", args=[trajectory.match.group_id]))
    assert "کلاس زبان" not in portal.content.decode()
    assert "geschreven in het" not in portal.content.decode()
    year = signed_in(member).get(reverse("matching:trajectory", args=[trajectory.code]))
    assert year.status_code == 403


# -- the household's own yes ------------------------------------------------------------------


def test_a_household_reads_who_the_group_is_in_plain_words(municipality):
    match, user = proposed_match(municipality, language_code="ar")
    add_member(match.group, "Fatima", languages=("ar", "nl"))
    home = signed_in(user).get(reverse("home")).content.decode()
    confirm = reverse("matching:household_confirm", args=[match.code])
    assert f'href="{confirm}"' in home
    page = signed_in(user).get(confirm).content.decode()
    first_names = [m.user.first_name for m in match.group.memberships.all()]
    for first_name in first_names:
        assert f"<bdi>{first_name}</bdi>" in page
    for membership in match.group.memberships.select_related("user"):
        assert membership.user.last_name not in page  # first names only
        assert membership.user.email not in page
    assert "<li>العربية</li>" in page
    assert "<li>الهولندية</li>" in page
    assert "<li>العمل</li>" in page
    assert "<li>السكن</li>" in page
    assert "نعم، نريد هذه المجموعة" in page


def test_a_household_agrees_itself_and_that_is_its_consent(municipality):
    match, user = proposed_match(municipality, language_code="ti")
    response = signed_in(user).post(reverse("matching:household_confirm", args=[match.code]))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.household_consent_by == user
    assert match.household_consent_at is not None
    assert match.status == Match.Status.PROPOSED  # the group has not confirmed yet


def test_the_match_is_accepted_when_the_group_confirmed_before(municipality):
    match, user = proposed_match(municipality, language_code="uk")
    contact = match.group.memberships.get(is_contact=True).user
    signed_in(contact).post(reverse("matching:group_confirm", args=[match.code]))
    signed_in(user).post(reverse("matching:household_confirm", args=[match.code]))
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    assert match.status_changes.last().by == user


def _unchanged(match):
    match.refresh_from_db()
    return (match.status, match.household_consent_at, match.household_consent_by_id)


def test_another_household_cannot_agree_for_them(municipality):
    match, _user = proposed_match(municipality)
    other_refugee = ready_refugee(municipality=municipality)
    other = household_user(other_refugee)
    before = _unchanged(match)
    url = reverse("matching:household_confirm", args=[match.code])
    assert signed_in(other).get(url).status_code == 404
    assert signed_in(other).post(url).status_code == 404
    assert _unchanged(match) == before


@pytest.mark.parametrize("role", ["coordinator", "group_member", "community_builder", "staff"])
def test_no_one_else_says_yes_on_the_households_page(request, municipality, role):
    match, _user = proposed_match(municipality)
    person = request.getfixturevalue(role)
    before = _unchanged(match)
    url = reverse("matching:household_confirm", args=[match.code])
    assert signed_in(person).post(url).status_code == 403
    assert _unchanged(match) == before


def test_someone_signed_out_is_sent_to_sign_in(municipality):
    match, _user = proposed_match(municipality)
    before = _unchanged(match)
    response = Client().post(reverse("matching:household_confirm", args=[match.code]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert _unchanged(match) == before


def test_a_match_no_longer_proposed_cannot_be_agreed_to(municipality):
    refugee = ready_refugee(municipality=municipality)
    user = household_user(refugee)
    match = MatchFactory(
        refugee=refugee, group=ready_group(municipality=municipality), status=Match.Status.DECLINED
    )
    before = _unchanged(match)
    assert (
        signed_in(user).post(reverse("matching:household_confirm", args=[match.code])).status_code
        == 404
    )
    assert _unchanged(match) == before


def test_the_households_pages_keep_their_query_count(municipality, django_assert_max_num_queries):
    """The group in plain words: a fixed number of queries, however many members."""
    match, user = proposed_match(municipality, language_code="ar")
    client = signed_in(user)
    url = reverse("matching:household_confirm", args=[match.code])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(3):
        add_member(match.group, f"Lid{n}", languages=("nl", "tr"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# -- their own data -------------------------------------------------------------------------


def test_a_household_downloads_its_own_data_and_it_is_logged(municipality):
    from samenhier.models import AccessLog

    trajectory, user = running_year(municipality, language_code="uk")
    other_trajectory, _other = running_year(municipality)
    page = signed_in(user).get(reverse("refugees:my_data")).content.decode()
    assert "Завантажити ваші дані" in page
    assert "24 місяці" in page  # the retention period, from its setting
    response = signed_in(user).get(reverse("refugees:my_data_download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert str(trajectory.match.refugee.pk) in text
    assert str(other_trajectory.match.refugee.pk) not in text
    assert other_trajectory.match.refugee.first_name not in text
    log = AccessLog.objects.get(action="subject_access")
    assert (log.user, log.object_code) == (user, str(trajectory.match.refugee.pk))


@pytest.mark.parametrize("role", ["coordinator", "group_member", "community_builder", "staff"])
def test_only_a_household_downloads_a_households_data(request, role):
    from samenhier.models import AccessLog

    person = request.getfixturevalue(role)
    assert signed_in(person).get(reverse("refugees:my_data_download")).status_code == 403
    assert not AccessLog.objects.filter(action="subject_access").exists()
