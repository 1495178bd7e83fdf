"""The year: evaluations (with self-reliance), the action plan, check-ins, ending early."""

import pytest
from django.urls import reverse

from groups.models import WelcomeGroup
from matching.models import CheckIn, Match, SelfRelianceScore, TrajectoryGoal
from refugees.models import Refugee

from ..factories import active_trajectory, life_domain


@pytest.fixture
def trajectory(municipality):
    return active_trajectory(municipality=municipality)


@pytest.fixture
def member(trajectory):
    return trajectory.match.group.memberships.first().user


def evaluate(client, trajectory, kind, **data):
    return client.post(reverse("matching:evaluate", args=[trajectory.code, kind]), data)


def test_the_introduction_records_self_reliance_scores(client, member, trajectory):
    client.force_login(member)
    response = evaluate(
        client,
        trajectory,
        "introduction",
        notes="Goede kennismaking",
        score_language="2",
        score_work="1",
        score_housing="",
    )
    assert response.status_code == 302
    milestone = trajectory.milestones.get(kind="introduction")
    assert milestone.completed_on is not None
    assert milestone.completed_by == member
    scores = dict(trajectory.self_reliance_scores.values_list("life_domain__key", "score"))
    assert scores == {"language": 2, "work": 1}
    assert set(trajectory.self_reliance_scores.values_list("moment", flat=True)) == {
        SelfRelianceScore.Moment.INTRODUCTION
    }


def test_the_midterm_needs_an_exit_plan(client, member, trajectory):
    client.force_login(member)
    response = evaluate(client, trajectory, "midterm", notes="Halverwege")
    assert response.status_code == 200
    assert trajectory.milestones.get(kind="midterm").completed_on is None
    evaluate(client, trajectory, "midterm", notes="Halverwege", exit_plan="Minder vaak langs")
    assert trajectory.milestones.get(kind="midterm").exit_plan == "Minder vaak langs"


def test_the_final_evaluation_changes_no_status(client, member, trajectory):
    # Members record the group's part of the evaluation; closing the year is not theirs.
    client.force_login(member)
    evaluate(client, trajectory, "final", notes="Mooi jaar", score_language="4")
    match = Match.objects.get(pk=trajectory.match.pk)
    assert match.status == Match.Status.ACTIVE
    assert match.actual_end_date is None
    assert Refugee.objects.get(pk=match.refugee_id).status == Refugee.Status.MATCHED
    assert WelcomeGroup.objects.get(pk=match.group_id).status == WelcomeGroup.Status.MATCHED
    assert trajectory.milestones.get(kind="final").notes == "Mooi jaar"


def test_another_group_cannot_evaluate(client, other_group_member, trajectory):
    client.force_login(other_group_member)
    response = evaluate(client, trajectory, "introduction", notes="x")
    assert response.status_code == 404
    assert trajectory.milestones.get(kind="introduction").completed_on is None


def test_the_group_adds_and_updates_goals(client, member, trajectory):
    client.force_login(member)
    client.post(
        reverse("matching:goal_add", args=[trajectory.code]),
        {
            "life_domain": life_domain("work").pk,
            "description": "Werkervaringsplek",
            "status": "open",
        },
    )
    goal = TrajectoryGoal.objects.get()
    client.post(
        reverse("matching:goal_edit", args=[trajectory.code, goal.pk]),
        {
            "life_domain": life_domain("work").pk,
            "description": "Werkervaringsplek",
            "status": "achieved",
        },
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_a_goal_of_another_trajectory_is_404(client, member, trajectory, municipality):
    other = active_trajectory(municipality=municipality)
    goal = TrajectoryGoal.objects.create(
        trajectory=other, life_domain=life_domain("work"), description="x"
    )
    client.force_login(member)
    response = client.post(
        reverse("matching:goal_edit", args=[trajectory.code, goal.pk]),
        {"life_domain": life_domain("work").pk, "description": "y", "status": "open"},
    )
    assert response.status_code == 404


@pytest.fixture
def household_user(trajectory):
    from samenhier.roles import Role

    from ..factories import UserFactory

    user = UserFactory(role=Role.REFUGEE)
    Refugee.objects.filter(pk=trajectory.match.refugee_id).update(user=user)
    return user


def test_the_household_answers_a_check_in(client, household_user, trajectory):
    client.force_login(household_user)
    home = client.get(reverse("home")).content.decode()
    assert "Vertel het ons" in home
    response = client.post(
        reverse("matching:check_in", args=[trajectory.code, "introduction"]),
        {"score": "2", "helps": "De taalles", "missing": "Werk"},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.score, check_in.missing, check_in.by) == (2, "Werk", household_user)


def test_another_household_cannot_answer(client, trajectory, refugee_user):
    client.force_login(refugee_user)
    response = client.post(
        reverse("matching:check_in", args=[trajectory.code, "introduction"]), {"score": "5"}
    )
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_a_group_member_cannot_answer_for_the_household(client, member, trajectory):
    client.force_login(member)
    response = client.post(
        reverse("matching:check_in", args=[trajectory.code, "introduction"]), {"score": "5"}
    )
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_ending_early_needs_a_reason(client, coordinator, trajectory):
    client.force_login(coordinator)
    url = reverse("matching:end_early", args=[trajectory.match.code])
    response = client.post(url, {"reason": "", "end_date": "2026-11-01"})
    assert response.status_code == 200
    assert Match.objects.get(pk=trajectory.match.pk).status == Match.Status.ACTIVE
    from django.utils import timezone

    client.post(
        url,
        {
            "reason": "group_stopped",
            "end_date": timezone.localdate().isoformat(),
            "note": "te druk",
            "household_next": "ready",
            "group_next": "stops",
        },
    )
    match = Match.objects.get(pk=trajectory.match.pk)
    assert (match.status, match.end_reason) == (Match.Status.ENDED_EARLY, "group_stopped")
    assert WelcomeGroup.objects.get(pk=match.group_id).status == WelcomeGroup.Status.WITHDRAWN


def test_ending_early_is_for_the_citys_coordinators(
    client, other_city_coordinator, member, trajectory
):
    url = reverse("matching:end_early", args=[trajectory.match.code])
    client.force_login(other_city_coordinator)
    assert client.post(url, {"reason": "other", "end_date": "2026-11-01"}).status_code == 404
    client.force_login(member)
    assert client.post(url, {"reason": "other", "end_date": "2026-11-01"}).status_code == 403
    assert Match.objects.get(pk=trajectory.match.pk).status == Match.Status.ACTIVE
