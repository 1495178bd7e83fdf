"""Rows for the matching board, a match, its lifecycle and the group's side."""

from .base import (
    COORDINATORS,
    FOLLOW_UP,
    HOUSEHOLDS,
    MEMBERS,
    NOTHING,
    Effect,
    Rule,
    _group,
    _match,
    _match_act,
    _note,
    _proposal,
    _proposal_status,
    _proposed,
    _status,
    _today,
    becomes,
    get,
    grows,
    post,
)


def _rounds(w, t, role):
    from matching.models import ProposalRound

    return ProposalRound.objects.filter(municipality=w.city(t).municipality).count()


def _vetoed(w, t, role):
    from matching.models import Veto

    proposal = w.city(t).proposal
    vetoes = Veto.objects.filter(refugee=proposal.refugee_id, group=proposal.group_id).count()
    return (_proposal_status(w, t, role), vetoes)


def _overridden(w, t, role):
    """The proposal's status, and the matches of its household with the group chosen."""
    from matching.models import Match

    household, chosen = w.city(t[0]).proposal.refugee_id, w.city(t[-1]).group
    matches = Match.objects.filter(refugee=household, group=chosen).count()
    return (_proposal_status(w, t, role), matches)


def _consent_recorded(w, t, role):
    from matching.models import Match

    return Match.objects.get(pk=w.city(t).proposed.pk).household_consent_at is not None


def _group_confirmed(w, t, role):
    from matching.models import Match

    return Match.objects.get(pk=w.city(t).proposed.pk).group_confirmed_at is not None


def _override_with(w, t, role):
    """The group chosen: of the proposal's city (t "A"), or of the other (t "A+B")."""
    return {"note": "Reden", "group": w.city(t[-1]).group.pk}


def _complete(w, t, role):
    return {"confirm": "on", "note": "Mooi jaar"}


def _ended(w, t, role):
    from matching.models import Match

    match = Match.objects.get(pk=w.city(t).match.pk)
    return (match.status, match.actual_end_date and match.actual_end_date.isoformat())


COMPLETED = becomes("the match completed today", _ended, lambda w, t, role: ("completed", _today()))

MATCHING: list[Rule] = [
    # -- matching: the board and its proposals (coordinators only) ------------------------
    get(
        "matching:board",
        "The match board is the coordinators' (community builders: no).",
        roles=COORDINATORS,
        targets=("page",),
    ),
    post(
        "matching:board",
        "run a proposal round",
        "Coordinators run rounds for their own municipalities only: for another one the "
        "form comes back with an error and no round is run.",
        roles=COORDINATORS,
        data=lambda w, t, role: {"municipality": w.city(t).municipality.pk},
        outside=200,
        effect=grows("one more round for the municipality", _rounds),
    ),
    get(
        "matching:round",
        "A round of proposals: the coordinators of its municipality.",
        roles=COORDINATORS,
        args=lambda w, t: [w.city(t).round.pk],
    ),
    get(
        "matching:decide",
        "Deciding on a proposal is a POST (the coordinators'): a GET is 405.",
        roles=COORDINATORS,
        args=_proposal("accept"),
        post_only=True,
    ),
    *(
        post(
            "matching:decide",
            action,
            "Decisions on a proposal: coordinators of the round's municipality and "
            "administrators (community builders: no).",
            roles=COORDINATORS,
            args=_proposal(action),
            data=_note,
            effect=effect,
        )
        for action, effect in (
            ("accept", becomes("the proposal accepted", _proposal_status, "accepted")),
            ("decline", becomes("the proposal declined", _proposal_status, "declined")),
            (
                "veto",
                Effect(
                    "the proposal vetoed, and a veto on the pair",
                    _vetoed,
                    lambda before, after, w, t, role: after == ("vetoed", before[1] + 1),
                ),
            ),
        )
    ),
    post(
        "matching:decide",
        "override",
        "Choosing another group than proposed: coordinators of the round's municipality, "
        "and only a group they coordinate.",
        roles=COORDINATORS,
        args=_proposal("override"),
        data=_override_with,
        effect=Effect(
            "the proposal overridden, and a match with the group chosen",
            _overridden,
            lambda before, after, w, t, role: after == ("overridden", before[1] + 1),
        ),
    ),
    post(
        "matching:decide",
        "override with another city's group",
        "City A's proposal with city B's group: a coordinator of A does not coordinate that "
        "group (404); for an administrator the pair is impossible (another municipality, "
        'not a neighbouring one: README, "Hard constraints"), so the decision is refused '
        "with a message and nothing changes.",
        roles=COORDINATORS,
        args=_proposal("override"),
        targets=("A+B",),
        reach={"administrator": frozenset({"A+B"})},
        data=_override_with,
        refused=302,
    ),
    post(
        "matching:decide",
        "publish",
        "There is no other decision: an unknown one is 404 and changes nothing.",
        roles=COORDINATORS,
        args=_proposal("publish"),
        data=_note,
        refused=404,
    ),
    # -- matching: a match and its year's lifecycle -------------------------------------
    get(
        "matching:match",
        "A match's page: its coordinators, the group's community builder, administrators.",
        roles=FOLLOW_UP,
        args=_match,
    ),
    get(
        "matching:match_act",
        "A match's actions are POSTs (the coordinators'): a GET is 405.",
        roles=COORDINATORS,
        args=_match_act("proposed", "consent"),
        post_only=True,
    ),
    post(
        "matching:match_act",
        "consent",
        "Recording the household's consent to a proposed match: coordinators only.",
        roles=COORDINATORS,
        args=_match_act("proposed", "consent"),
        effect=becomes("the household's consent recorded", _consent_recorded, True),
    ),
    post(
        "matching:match_act",
        "start",
        "Starting the year of an accepted match: coordinators only.",
        roles=COORDINATORS,
        args=_match_act("accepted", "start"),
        data=lambda w, t, role: {"start_date": _today()},
        effect=becomes("the match active", _status("accepted"), "active"),
    ),
    post(
        "matching:match_act",
        "decline",
        "Declining a proposed match (with a note): coordinators only.",
        roles=COORDINATORS,
        args=_match_act("proposed", "decline"),
        data=_note,
        effect=becomes("the match declined", _status("proposed"), "declined"),
    ),
    post(
        "matching:match_act",
        "start a running year",
        "Lifecycle: a year that runs does not start again; refused with a message, "
        "nothing changes.",
        roles=COORDINATORS,
        args=_match_act("match", "start"),
        data=lambda w, t, role: {"start_date": _today()},
        refused=302,
    ),
    post(
        "matching:match_act",
        "archive",
        "There is no other action on a match: an unknown one is 404.",
        roles=COORDINATORS,
        args=_match_act("proposed", "archive"),
        refused=404,
    ),
    get(
        "matching:end_early",
        "Ending a year early: coordinators only (community builders: no).",
        roles=COORDINATORS,
        args=_match,
    ),
    post(
        "matching:end_early",
        "end early",
        "Ending a year early, with a reason: coordinators only; no member action changes "
        "a status of a year.",
        roles=COORDINATORS,
        args=_match,
        data=lambda w, t, role: {
            "reason": "other",
            "end_date": _today(),
            "note": "Reden",
            "household_next": "ready",
            "group_next": "ready",
        },
        effect=becomes("the match ended early", _status("match"), "ended_early"),
    ),
    post(
        "matching:end_early",
        "end a proposed match early",
        "Lifecycle: only a running year ends early (a proposed match is declined).",
        roles=COORDINATORS,
        args=_proposed,
        data=lambda w, t, role: {"reason": "other", "end_date": _today(), "note": "Reden"},
        reach={role: NOTHING for role in COORDINATORS},
    ),
    get(
        "matching:complete_year",
        "Completing a year: its coordinators and administrators; the group's community "
        "builder only where the partner's matching policy allows it (not by default).",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
    ),
    post(
        "matching:complete_year",
        "complete before month 11",
        "Before the final moment's window opens (month 11) a year is not completed, by "
        "anyone: the form says it is too early and nothing changes (it can end early).",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
        data=_complete,
        refused=200,
    ),
    get(
        "matching:complete_year",
        "Where the partner's policy allows it, the group's community builder completes "
        "the year too.",
        roles=FOLLOW_UP,
        args=_match,
        state="community_builders_complete_years",
    ),
    post(
        "matching:complete_year",
        "complete before month 11",
        "Even where the policy lets the community builder complete it, not before month 11.",
        roles=FOLLOW_UP,
        args=_match,
        state="community_builders_complete_years",
        data=_complete,
        refused=200,
    ),
    get(
        "matching:complete_year",
        "From month 11: the page to complete the year, as before.",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
        state="years_in_month_11",
    ),
    post(
        "matching:complete_year",
        "complete from month 11",
        "From month 11 the coordinator completes the year (administrators too), as its own "
        "confirmed action; the community builder not by default; group members never.",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
        state="years_in_month_11",
        data=_complete,
        effect=COMPLETED,
    ),
    post(
        "matching:complete_year",
        "complete from month 11, unconfirmed",
        "Completing is a confirmed action: without the confirmation nothing completes.",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
        state="years_in_month_11",
        data=lambda w, t, role: {"note": "Mooi jaar"},
        refused=200,
    ),
    post(
        "matching:complete_year",
        "complete from month 11",
        "Where the partner's policy allows it, the group's community builder completes it "
        "too; group members still never.",
        roles=FOLLOW_UP,
        args=_match,
        state="years_in_month_11_and_community_builders_complete_them",
        data=_complete,
        effect=COMPLETED,
    ),
    post(
        "matching:complete_year",
        "complete a proposed match",
        "Lifecycle: only a running year is completed.",
        roles=FOLLOW_UP,
        args=_proposed,
        reach={role: NOTHING for role in FOLLOW_UP},
        data=lambda w, t, role: {"confirm": "on"},
    ),
    # -- matching: the group's side ---------------------------------------------------------
    get(
        "matching:portal",
        "Mijn groep: the group's own members; its coordinators, its community builder and "
        "administrators see it as the group does.",
        roles=MEMBERS | FOLLOW_UP,
        args=_group,
    ),
    get(
        "matching:group_confirm",
        "The group's confirmation is a POST (a member's): a GET is 405.",
        roles=MEMBERS,
        args=_proposed,
        post_only=True,
    ),
    *(
        post(
            "matching:group_confirm",
            action,
            "Only the group's contact person confirms or declines a proposed match for the "
            "group; another member gets 404.",
            roles=MEMBERS,
            args=_proposed,
            reach={"own_member_not_contact": NOTHING},
            data=data,
            members_change_no_status=False,  # declining a proposed match is theirs to do
            effect=effect,
        )
        for action, data, effect in (
            (
                "confirm",
                lambda w, t, role: {},
                becomes("the group's confirmation recorded", _group_confirmed, True),
            ),
            (
                "decline",
                lambda w, t, role: {"decision": "decline", "note": "Reden"},
                becomes("the match declined", _status("proposed"), "declined"),
            ),
        )
    ),
    # -- matching: the household's own yes --------------------------------------------------
    get(
        "matching:household_confirm",
        "A household with an account reads who the proposed group is and says yes itself: "
        "only on its own proposed match (the world's proposed households have no account, "
        "so every household gets 404 here; tests/languages/ has the household's own).",
        roles=HOUSEHOLDS,
        args=_proposed,
        reach={role: NOTHING for role in HOUSEHOLDS},
    ),
    post(
        "matching:household_confirm",
        "say yes",
        "As the page: another household's match is 404 and nothing changes.",
        roles=HOUSEHOLDS,
        args=_proposed,
        reach={role: NOTHING for role in HOUSEHOLDS},
        data=lambda w, t, role: {},
    ),
    post(
        "matching:household_confirm",
        "say yes to a running year",
        "Lifecycle: only a proposed match is agreed to; the household's running year is 404.",
        roles=HOUSEHOLDS,
        args=_match,
        reach={role: NOTHING for role in HOUSEHOLDS},
        data=lambda w, t, role: {},
    ),
    post(
        "matching:group_confirm",
        "confirm a running year",
        "Lifecycle: only a proposed match is confirmed; a running year's is 404.",
        roles=MEMBERS,
        args=_match,
        reach={role: NOTHING for role in MEMBERS},
        data=lambda w, t, role: {},
    ),
]
