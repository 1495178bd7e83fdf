"""Rows for the matching board, a match, its lifecycle and the group's side."""

from .base import (
    COORDINATORS,
    FOLLOW_UP,
    HOUSEHOLDS,
    MEMBERS,
    NOTHING,
    Rule,
    _group,
    _match,
    _match_act,
    _note,
    _proposal,
    _proposed,
    _today,
    get,
    post,
)

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
        )
        for action in ("accept", "decline", "veto")
    ),
    post(
        "matching:decide",
        "override",
        "Choosing another group than proposed: coordinators of the round's municipality, "
        "and only a group they coordinate (city A's proposal with city B's group: only "
        "an administrator).",
        roles=COORDINATORS,
        args=_proposal("override"),
        targets=("A", "B", "A+B"),
        reach={"administrator": frozenset({"A", "B", "A+B"})},
        data=lambda w, t, role: {"note": "Reden", "group": w.city(t[-1]).group.pk},
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
    ),
    post(
        "matching:match_act",
        "start",
        "Starting the year of an accepted match: coordinators only.",
        roles=COORDINATORS,
        args=_match_act("accepted", "start"),
        data=lambda w, t, role: {"start_date": _today()},
    ),
    post(
        "matching:match_act",
        "decline",
        "Declining a proposed match (with a note): coordinators only.",
        roles=COORDINATORS,
        args=_match_act("proposed", "decline"),
        data=_note,
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
        "complete",
        "As the page. (Before month 11 the form says it is too early; nothing completes.)",
        roles=FOLLOW_UP,
        args=_match,
        reach={"community_builder": NOTHING},
        data=lambda w, t, role: {"confirm": "on", "note": "Mooi jaar"},
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
        "complete",
        "As the page.",
        roles=FOLLOW_UP,
        args=_match,
        state="community_builders_complete_years",
        data=lambda w, t, role: {"confirm": "on", "note": "Mooi jaar"},
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
        )
        for action, data in (
            ("confirm", lambda w, t, role: {}),
            ("decline", lambda w, t, role: {"decision": "decline", "note": "Reden"}),
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
