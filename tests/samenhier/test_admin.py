"""The Django admin for coordinators: their own municipalities only."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.urls import reverse

from groups.models import WelcomeGroup
from matching.models import Match
from refugees.models import Refugee

from ..factories import MatchFactory, RefugeeFactory, WelcomeGroupFactory

ADMIN_LISTS = [
    "admin:refugees_refugee_changelist",
    "admin:groups_welcomegroup_changelist",
    "admin:matching_match_changelist",
    "admin:matching_trajectory_changelist",
    "admin:matching_activitylog_changelist",
]


@pytest.fixture
def two_cities(municipality, other_municipality):
    own = MatchFactory(refugee=RefugeeFactory(municipality=municipality, first_name="Eigenstad"))
    other = MatchFactory(
        refugee=RefugeeFactory(municipality=other_municipality, first_name="Anderestad")
    )
    return own, other


@pytest.mark.parametrize("url_name", ADMIN_LISTS)
def test_it_opens_every_admin_list_for_a_coordinator(client, coordinator, two_cities, url_name):
    client.force_login(coordinator)
    assert client.get(reverse(url_name)).status_code == 200


def test_it_lists_only_the_coordinators_own_households(client, coordinator, two_cities):
    client.force_login(coordinator)
    html = client.get(reverse("admin:refugees_refugee_changelist")).content.decode()
    assert "Eigenstad" in html
    assert "Anderestad" not in html


def test_it_lists_only_the_coordinators_own_matches(client, coordinator, two_cities):
    own, other = two_cities
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_match_changelist"))
    assert list(response.context["cl"].queryset) == [own]


def test_it_hides_another_citys_household_from_a_coordinator(client, coordinator, two_cities):
    _own, other = two_cities
    client.force_login(coordinator)
    response = client.get(reverse("admin:refugees_refugee_change", args=[other.refugee.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response["Location"] == reverse("admin:index")


def test_it_offers_only_own_municipalities_in_choices(
    client, coordinator, two_cities, municipality
):
    client.force_login(coordinator)
    response = client.get(reverse("admin:groups_welcomegroup_add"))
    choices = list(response.context["adminform"].form.fields["municipality"].queryset)
    assert choices == [municipality]


def test_it_changes_status_only_through_the_transition_service(client, coordinator, municipality):
    from tests.factories import ConsentFactory

    refugee = RefugeeFactory(municipality=municipality)
    ConsentFactory(refugee=refugee)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:refugees_refugee_changelist"),
        {"action": "to_ready", "_selected_action": [refugee.pk]},
    )
    assert response.status_code == 302
    refugee.refresh_from_db()
    assert refugee.status == Refugee.Status.READY
    assert refugee.status_changes.get().by == coordinator


def test_it_reports_a_refused_transition_and_changes_nothing(client, coordinator, municipality):
    group = WelcomeGroupFactory(municipality=municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:groups_welcomegroup_changelist"),
        {"action": "to_ready", "_selected_action": [group.pk]},
        follow=True,
    )
    assert "kan niet naar" in response.content.decode()
    group.refresh_from_db()
    assert group.status == WelcomeGroup.Status.FORMING


@pytest.mark.parametrize(
    "role_fixture", ["group_member", "refugee_user", "staff", "community_builder"]
)
def test_it_refuses_the_admin_to_portal_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("admin:refugees_refugee_changelist"), follow=True)
    assert response.status_code == 403


def test_every_admin_list_a_coordinator_may_see_opens(client, coordinator, two_cities):
    """Each admin list a coordinator has a view permission for answers, never a 500
    (the matching policy list once failed to combine its scoped queries)."""
    from django.contrib import admin

    from matching.models import MatchingPolicy

    MatchingPolicy.objects.create(partner=coordinator.municipalities.first().partner)
    client.force_login(coordinator)
    opened = []
    for model in admin.site._registry:
        if not coordinator.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        opened.append(model._meta.model_name)
    assert "matchingpolicy" in opened
    assert len(opened) >= 12


def test_status_actions_are_named_in_the_chosen_language(client, coordinator, municipality):
    from django.conf import settings

    from tests.factories import MatchFactory, RefugeeFactory

    MatchFactory(refugee=RefugeeFactory(municipality=municipality))
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("admin:matching_match_changelist")).content.decode()
    assert "Change status to: accepted" in html
    assert "Status wijzigen naar" not in html


def test_admin_names_are_dutch_and_records_are_named_in_words(client, administrator, municipality):
    """No "User sessions", "Audit log" or "MatchStatusChange object (143)"; a session
    is never made by hand."""
    from django.utils import translation

    from matching.services.matches import match_transition
    from tests.factories import MatchFactory, RefugeeFactory

    match = MatchFactory(refugee=RefugeeFactory(municipality=municipality))
    match_transition(match=match, to="declined", by=administrator, note="past niet")
    change = match.status_changes.get()
    with translation.override("nl"):
        assert str(change).startswith("voorgesteld → afgewezen (")
    assert "object (" not in str(change)
    client.force_login(administrator)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sessies" in index
    assert "User sessions" not in index
    assert "Auditlog" in index
    assert client.get("/admin/usersessions/usersession/add/").status_code == 403
    # Nor a second factor: its owner sets it up; an administrator may only remove one.
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
    assert client.get("/admin/mfa/authenticator/").status_code == 200
    page = client.get(reverse("admin:matching_match_change", args=[match.pk])).content.decode()
    assert "object (" not in page


def test_every_admin_record_links_to_its_page_in_the_app_and_back(
    client, coordinator, municipality
):
    from tests.factories import active_trajectory

    trajectory = active_trajectory(municipality=municipality)
    match, group = trajectory.match, trajectory.match.group
    client.force_login(coordinator)
    pairs = [
        (
            reverse("admin:refugees_refugee_change", args=[match.refugee_id]),
            reverse("matching:match", args=[match.pk]),
        ),
        (
            reverse("admin:groups_welcomegroup_change", args=[group.pk]),
            reverse("matching:portal", args=[group.pk]),
        ),
        (
            reverse("matching:match", args=[match.pk]),
            reverse("admin:matching_match_change", args=[match.pk]),
        ),
        (
            reverse("matching:trajectory", args=[trajectory.pk]),
            reverse("admin:matching_trajectory_change", args=[trajectory.pk]),
        ),
        (
            reverse("matching:portal", args=[group.pk]),
            reverse("admin:groups_welcomegroup_change", args=[group.pk]),
        ),
    ]
    for page, target in pairs:
        response = client.get(page, follow=True)
        assert f'href="{target}"' in response.content.decode(), (page, target)
    # The admin's "view on site" of a match opens its app page.
    view_on_site = client.get(reverse("admin:matching_match_change", args=[match.pk])).content
    assert b"viewsitelink" in view_on_site


def test_the_admin_neither_completes_a_year_nor_removes_a_log(client, coordinator, municipality):
    """Completing a year is the confirmed action from month 11 on its page; a log goes
    through the service that keeps the figures (tests/matching/test_complete_year.py)."""
    from matching.models import ActivityLog, Match
    from tests.factories import ActivityLogFactory, active_trajectory

    trajectory = active_trajectory(municipality=municipality)
    log = ActivityLogFactory(trajectory=trajectory)
    client.force_login(coordinator)
    changelist = client.get(reverse("admin:matching_match_changelist")).content.decode()
    assert 'value="to_completed"' not in changelist
    response = client.post(
        reverse("admin:matching_match_changelist"),
        {"action": "to_completed", "_selected_action": [trajectory.match.pk]},
    )
    assert response.status_code in (200, 302)
    assert Match.objects.get(pk=trajectory.match.pk).status == Match.Status.ACTIVE
    delete = reverse("admin:matching_activitylog_delete", args=[log.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ActivityLog.objects.filter(pk=log.pk).exists()


def test_each_rows_action_checkbox_is_the_admins_own_element(client, coordinator, two_cities):
    """The row checkbox is written without the widget's template (a fifth of a list
    page's time); the actions still need the element the admin's own would make, named
    and labelled for screen readers in the page's language."""
    own, _other = two_cities
    client.force_login(coordinator)
    html = client.get(reverse("admin:matching_match_changelist")).content.decode()
    match_admin = admin.site.get_model_admin(Match)
    ours = match_admin.action_checkbox(own)
    assert ours == ModelAdmin.action_checkbox(match_admin, own)
    assert ours in html
    assert 'aria-label="Selecteer dit object voor een actie' in html
