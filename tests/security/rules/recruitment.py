"""Recruitment: the public sign-up page, and the sign-ups coordinators follow up
(docs/architecture.md, "Recruitment")."""

from .base import CARRIED_OUT, COORDINATORS, becomes, get, post

# Who follows up a sign-up: the coordinators of its municipality (and administrators).
# Programme staff see the list (the sign-ups from places where the programme does not
# run), never a city's sign-up.
SIGNUP_READERS = COORDINATORS | {"staff"}


def _signup(w, t):
    return [w.city(t).signup.code]


RECRUITMENT = [
    get(
        "groups:signup_start",
        "Public: a resident who wants to start or join a group signs up without an account.",
        targets=("page",),
        public=200,
    ),
    get(
        "groups:signup_done",
        "Public: the thank-you page says nothing about anyone.",
        targets=("page",),
        public=200,
    ),
    get(
        "groups:signup_withdraw",
        "Public: the link from the confirmation asks first; an unknown token erases nothing.",
        args=lambda w, t: ["unknown-token"],
        targets=("page",),
        public=200,
    ),
    get(
        "groups:signups",
        "The list: coordinators (their municipalities), staff (places the programme does "
        "not run yet), administrators.",
        roles=SIGNUP_READERS,
        targets=("page",),
    ),
    get(
        "groups:signup",
        "One sign-up: the coordinators of its municipality; staff only those from elsewhere.",
        roles=SIGNUP_READERS,
        args=_signup,
        reach={"staff": frozenset()},
    ),
    post(
        "groups:signup",
        "follow up",
        "The next step of a sign-up: its municipality's coordinators.",
        roles=SIGNUP_READERS,
        args=_signup,
        reach={"staff": frozenset()},
        data=lambda w, t, role: {"action": "follow", "status": "contacted"},
        ok={role: CARRIED_OUT for role in COORDINATORS},
        effect=becomes(
            "the sign-up contacted",
            lambda w, t, role: type(w.city(t).signup).objects.get(pk=w.city(t).signup.pk).status,
            "contacted",
        ),
    ),
]
