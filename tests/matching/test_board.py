"""The coordinators' match board: run a round, see why, and decide."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, Proposal, ProposalRound, UnmatchedHousehold, Veto
from matching.services.rounds import round_run

from ..factories import HouseholdMemberFactory, ready_group, ready_refugee


@pytest.fixture
def pair(municipality):
    """One household and one group that fit, in the coordinator's municipality."""
    return ready_refugee(municipality=municipality, languages=["ar"]), ready_group(
        municipality=municipality
    )


@pytest.fixture
def round_(pair, coordinator, municipality):
    return round_run(municipality=municipality, by=coordinator)


def test_it_runs_a_round_and_explains_each_proposal(client, coordinator, pair, municipality):
    refugee, group = pair
    client.force_login(coordinator)
    response = client.post(reverse("matching:board"), {"municipality": municipality.pk})
    round_ = ProposalRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:round", args=[round_.code])
    proposal = round_.proposals.get()
    assert (proposal.refugee, proposal.group) == (refugee, group)
    assert abs(sum(proposal.contributions.values()) - proposal.score) < 1e-9
    html = client.get(response["Location"]).content.decode()
    assert "Waarom dit voorstel?" in html
    assert "Gedeelde taal" in html
    assert "<meter" in html
    # Nothing is matched until a person decides.
    assert not Match.objects.exists()


def test_it_accepts_a_proposal_as_a_proposed_match(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:decide", args=[proposal.code, "accept"]), {"note": "past goed"}
    )
    match = Match.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:match", args=[match.code])
    assert match.status == Match.Status.PROPOSED
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.decision_note, proposal.match) == (
        Proposal.Status.ACCEPTED,
        coordinator,
        "past goed",
        match,
    )
    assert proposal.decided_at is not None


def test_it_refuses_to_decide_twice(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    client.post(reverse("matching:decide", args=[proposal.code, "accept"]))
    response = client.post(
        reverse("matching:decide", args=[proposal.code, "decline"]),
        {"note": "toch niet"},
        follow=True,
    )
    assert "al besloten" in response.content.decode()
    assert Match.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED


def test_declining_needs_a_reason(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:decide", args=[proposal.code, "decline"]), {"note": "  "}, follow=True
    )
    assert "toelichting" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_a_veto_is_kept_for_future_rounds(client, coordinator, round_, municipality):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    client.post(
        reverse("matching:decide", args=[proposal.code, "veto"]), {"note": "kennen elkaar al"}
    )
    veto = Veto.objects.get()
    assert (veto.refugee, veto.group, veto.by, veto.reason) == (
        proposal.refugee,
        proposal.group,
        coordinator,
        "kennen elkaar al",
    )
    later = round_run(municipality=municipality, by=coordinator)
    assert not later.proposals.exists()
    unmatched = later.unmatched.get()
    assert unmatched.reason == UnmatchedHousehold.Reason.NO_FEASIBLE_GROUP
    assert unmatched.detail["excluded"] == {"veto": 1}


def test_it_overrides_with_another_feasible_group(client, coordinator, round_, municipality):
    proposal = round_.proposals.get()
    other = ready_group(municipality=municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:decide", args=[proposal.code, "override"]),
        {"note": "deze groep woont dichterbij", "group": other.code},
    )
    match = Match.objects.get()
    assert response.status_code == 302
    assert match.group == other
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OVERRIDDEN


def test_it_refuses_an_override_that_breaks_a_hard_constraint(
    client, coordinator, round_, municipality
):
    proposal = round_.proposals.get()
    no_shared_language = ready_group(municipality=municipality, languages=("nl",))
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:decide", args=[proposal.code, "override"]),
        {"note": "probeer", "group": no_shared_language.code},
        follow=True,
    )
    assert "geen gedeelde taal en geen tolk" in response.content.decode()
    assert not Match.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_it_reports_a_household_whose_groups_are_better_used_elsewhere(coordinator, municipality):
    # Two households, one place: the pair that scores best together wins, and the other
    # household is told its only feasible group was taken by a better pairing.
    group = ready_group(municipality=municipality, languages=("nl", "ar"))
    long_waiting = ready_refugee(municipality=municipality, languages=["ar"], waiting_days=400)
    short_waiting = ready_refugee(municipality=municipality, languages=["ar"], waiting_days=10)
    round_ = round_run(municipality=municipality, by=coordinator)
    assert round_.proposals.get().refugee == long_waiting
    unmatched = round_.unmatched.get()
    assert unmatched.refugee == short_waiting
    assert unmatched.reason == UnmatchedHousehold.Reason.TAKEN_BY_BETTER_PAIRINGS
    assert unmatched.detail["alternatives"][0]["group"] == str(group.code)


def test_a_new_round_supersedes_open_proposals(coordinator, round_, municipality):
    old = round_.proposals.get()
    round_run(municipality=municipality, by=coordinator)
    old.refresh_from_db()
    assert old.status == Proposal.Status.SUPERSEDED


def test_it_keeps_the_queries_of_a_round_page_fixed(
    client, coordinator, municipality, django_assert_max_num_queries
):
    for _ in range(6):
        ready_refugee(municipality=municipality, languages=["ar"])
        ready_group(municipality=municipality)
    round_ = round_run(municipality=municipality, by=coordinator)
    assert round_.proposals.count() == 6
    client.force_login(coordinator)
    # One of them writes the access-log row: the round page names the households.
    with django_assert_max_num_queries(17):
        assert client.get(reverse("matching:round", args=[round_.code])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("matching:board")).status_code == 200


def test_it_refuses_get_on_a_decision(client, coordinator, round_):
    client.force_login(coordinator)
    proposal = round_.proposals.get()
    response = client.get(reverse("matching:decide", args=[proposal.code, "accept"]))
    assert response.status_code == 405


def test_it_refuses_an_unknown_decision(client, coordinator, round_):
    client.force_login(coordinator)
    proposal = round_.proposals.get()
    response = client.post(reverse("matching:decide", args=[proposal.code, "approve-all"]))
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_a_coordinator_of_another_city_gets_404(client, other_city_coordinator, round_):
    client.force_login(other_city_coordinator)
    proposal = round_.proposals.get()
    assert client.get(reverse("matching:round", args=[round_.code])).status_code == 404
    response = client.post(reverse("matching:decide", args=[proposal.code, "accept"]))
    assert response.status_code == 404
    assert not Match.objects.exists()


def test_a_coordinator_cannot_run_a_round_for_another_city(client, coordinator, other_municipality):
    client.force_login(coordinator)
    response = client.post(reverse("matching:board"), {"municipality": other_municipality.pk})
    assert response.status_code == 200
    assert not ProposalRound.objects.exists()


@pytest.mark.parametrize(
    "role_fixture", ["group_member", "staff", "refugee_user", "community_builder", "outsider"]
)
def test_other_roles_are_refused(client, request, role_fixture, round_):
    client.force_login(request.getfixturevalue(role_fixture))
    proposal = round_.proposals.get()
    assert client.get(reverse("matching:board")).status_code == 403
    assert client.get(reverse("matching:round", args=[round_.code])).status_code == 403
    response = client.post(reverse("matching:decide", args=[proposal.code, "accept"]))
    assert response.status_code == 403
    assert not Match.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, round_):
    response = client.get(reverse("matching:board"))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_it_tells_two_households_of_the_same_name_apart(client, coordinator, municipality):
    """Two proposals for "Selam Demo": each says its short code, size and waiting date."""
    first = ready_refugee(municipality=municipality, languages=["ar"], first_name="Selam")
    second = ready_refugee(municipality=municipality, languages=["ar"], first_name="Selam")
    first.last_name = second.last_name = "Demo"
    first.save()
    second.save()
    HouseholdMemberFactory(refugee=second)
    ready_group(municipality=municipality, capacity=2)
    round_ = round_run(municipality=municipality, by=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("matching:round", args=[round_.code])).content.decode()
    assert html.count("Selam Demo") >= 2
    assert f"Huishouden {first.short_code} · 1 persoon · wacht sinds" in html
    assert f"Huishouden {second.short_code} · 2 personen · wacht sinds" in html
    assert first.short_code != second.short_code


def test_the_match_page_says_what_comes_next_and_never_none(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    response = client.post(reverse("matching:decide", args=[proposal.code, "accept"]), follow=True)
    html = response.content.decode()
    assert "Voorstel geaccepteerd: de koppeling is nu voorgesteld." in html
    assert "Wat er nu gebeurt" in html
    assert html.count("Nog niet.") == 3
    match = Match.objects.get()
    # Confirmed by a person whose account is gone: no "None" anywhere.
    Match.objects.filter(pk=match.pk).update(group_confirmed_at=timezone.now())
    html = client.get(reverse("matching:match", args=[match.code])).content.decode()
    assert "None" not in html
    assert html.count("Nog niet.") == 2
    assert reverse("admin:matching_match_change", args=[match.pk]) in html


def test_the_match_page_names_no_one_for_a_consent_whose_recorder_is_gone(
    client, coordinator, round_
):
    """ "(vastgelegd door None)": the household's consent, recorded by an account since
    removed, names nobody."""
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    client.post(reverse("matching:decide", args=[proposal.code, "accept"]))
    match = Match.objects.get()
    Match.objects.filter(pk=match.pk).update(
        household_consent_at=timezone.now(), household_consent_by=None
    )
    html = client.get(reverse("matching:match", args=[match.code])).content.decode()
    assert "None" not in html
    assert "vastgelegd door" not in html


def test_the_other_group_choice_has_room_for_whole_names(client, coordinator, municipality):
    """ "Welkomgroep Den Haa": the choice of another group is not squeezed beside its
    label in an input group."""
    ready_refugee(municipality=municipality, languages=["ar"])
    ready_group(municipality=municipality, name="Welkomgroep Den Haag Centrum Noord")
    ready_group(municipality=municipality, name="Welkomgroep Den Haag Escamp Zuid")
    round_ = round_run(municipality=municipality, by=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("matching:round", args=[round_.code])).content.decode()
    assert 'name="group"' in html
    before_select = html.split('name="group"', 1)[0].rsplit("<div", 1)[1]
    assert "input-group" not in before_select
