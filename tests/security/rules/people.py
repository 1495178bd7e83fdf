"""Rows for the core pages, groups and households."""

from .base import (
    COORDINATORS,
    FOLLOW_UP,
    HOUSEHOLDS,
    MEMBERS,
    SIGNED_IN,
    Rule,
    _group,
    _household,
    _invitations_for,
    _nl,
    _person,
    _portal_of,
    _user,
    becomes,
    get,
    grows,
    post,
)


def _language(w, t, role):
    return _user(w, role).language


PEOPLE: list[Rule] = [
    # -- the core ---------------------------------------------------------------------
    get(
        "home",
        "Every signed-in person has a home page, also without a role yet (it says so); "
        "a person who is only a group member, in one group, starts on their group's page.",
        roles=SIGNED_IN,
        targets=("page",),
        ok={role: 302 for role in MEMBERS},
        location=_portal_of,
        shows={"outsider": "nog geen rol"},
    ),
    get(
        "notifications",
        "Every signed-in person reads their own notifications (an outsider too).",
        roles=SIGNED_IN,
        targets=("page",),
    ),
    post(
        "notifications",
        "mark all read",
        "Every signed-in person marks their own notifications read.",
        roles=SIGNED_IN,
        targets=("page",),
        effect=becomes(
            "none of their notifications unread",
            lambda w, t, role: _user(w, role).notifications.filter(read_at=None).count(),
            0,
        ),
    ),
    get(
        "account_email",
        "Every signed-in person reads how their e-mail address is changed (an "
        "administrator does it: a stolen session must not become a stolen account).",
        roles=SIGNED_IN,
        targets=("page",),
    ),
    post(
        "account_email",
        "add an address",
        "Nobody adds or changes their own e-mail address: 405, nothing changes.",
        roles=SIGNED_IN,
        targets=("page",),
        data=lambda w, t, role: {"email": f"ander-{role}@example.org", "action_add": "1"},
        refused=405,
    ),
    get(
        "invite",
        "Inviting staff people: coordinators (for their municipalities) and administrators.",
        roles=COORDINATORS,
        targets=("page",),
    ),
    post(
        "invite",
        "invite a coordinator for a municipality",
        "Coordinators invite people for their own municipalities only: for another one "
        "the form comes back with an error and nobody is invited.",
        roles=COORDINATORS,
        data=lambda w, t, role: {
            **_person(w, t, role),
            "role": "coordinator",
            "municipalities": [w.city(t).municipality.pk],
        },
        outside=200,
        effect=grows("one invitation for the address", _invitations_for("coordinator")),
    ),
    get(
        "invitation_accept",
        "Public: an invitation link that does not exist is gone (410), for anyone.",
        args=lambda w, t: ["no-such-token"],
        targets=("page",),
        public=410,
    ),
    post(
        "invitation_accept",
        "choose a password",
        "Public: a password for an invitation that does not exist is refused (410).",
        args=lambda w, t: ["no-such-token"],
        targets=("page",),
        public=410,
        data=lambda w, t, role: {
            "new_password1": "Een-ander-wachtwoord-7",
            "new_password2": "Een-ander-wachtwoord-7",
        },
    ),
    get(
        "healthz",
        "Public: the health check says nothing personal.",
        targets=("page",),
        public=200,
    ),
    get(
        "set_language",
        "Public: anyone chooses a language (the login page has the switch); it redirects.",
        targets=("page",),
        public=302,
    ),
    post(
        "set_language",
        "choose English",
        "Anyone chooses a language: someone signed out in a cookie (no record changes), a "
        "signed-in person's own language is kept on their account (their e-mails follow it).",
        roles=SIGNED_IN,
        targets=("page",),
        anonymous=302,
        data=lambda w, t, role: {"language": "en", "next": "/"},
        effect=becomes("their account's language English", _language, "en"),
    ),
    post(
        "set_language",
        "choose Arabic",
        "A household language: a household (and someone signed out) may read it; staff, "
        "coordinator and volunteer pages stay Dutch and English, so their choice is refused "
        "and their account is unchanged.",
        roles=HOUSEHOLDS,
        targets=("page",),
        anonymous=302,
        others=302,
        data=lambda w, t, role: {"language": "ar", "next": "/"},
        effect=becomes("their account's language Arabic", _language, "ar"),
    ),
    # -- groups -------------------------------------------------------------------------
    get(
        "groups:member_invite",
        "Members are invited by the group's coordinators, its community builder and "
        "administrators.",
        roles=FOLLOW_UP,
        args=_group,
    ),
    post(
        "groups:member_invite",
        "invite a member",
        "As the page: the group's coordinators, its community builder, administrators.",
        roles=FOLLOW_UP,
        args=_group,
        data=lambda w, t, role: {**_person(w, t, role), "languages": [_nl()]},
        effect=grows("one invitation for the address", _invitations_for("group_member")),
    ),
    get(
        "groups:confidentiality",
        "A group member's own confidentiality statement, for their own group only.",
        roles=MEMBERS,
        args=_group,
    ),
    post(
        "groups:confidentiality",
        "accept",
        "A group member accepts the statement of their own group only.",
        roles=MEMBERS,
        args=_group,
        data=lambda w, t, role: {"accept": "yes", "next": ""},
        effect=becomes(
            "the statement accepted",
            lambda w, t, role: (
                w.city(t)
                .group.memberships.filter(user=w.users[role])
                .exclude(confidentiality_accepted_at=None)
                .exists()
            ),
            True,
        ),
    ),
    # -- households ---------------------------------------------------------------------
    get(
        "refugees:account_invite",
        "A household's account: coordinators of its municipality and administrators.",
        roles=COORDINATORS,
        args=_household,
    ),
    post(
        "refugees:account_invite",
        "invite the household",
        "As the page.",
        roles=COORDINATORS,
        args=_household,
        data=_person,
        effect=grows("one invitation for the address", _invitations_for("refugee")),
    ),
    get(
        "refugees:my_data",
        "A household's own data, explained: the household itself only (its own record, "
        "never another's: the page takes no code).",
        roles=HOUSEHOLDS,
        targets=("page",),
    ),
    get(
        "refugees:my_data_download",
        "The household's subject access file: the household itself only.",
        roles=HOUSEHOLDS,
        targets=("page",),
    ),
]
