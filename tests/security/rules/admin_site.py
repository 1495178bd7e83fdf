"""Rows for the Django admin: its home, every list, and the change pages of the records
coordinators keep there (docs/architecture.md, "Who may do what", "Privacy", "Audit and
access log").

Coordinators keep their records in the admin, for their own municipalities; the
reference lists (partners, municipalities, languages, life domains, interests) they read;
the programme imports they made they see. Accounts, invitations, the access log, sessions,
second factors, e-mail addresses, the audit log and the roles' groups are the
administrators' alone: a coordinator gets 403 there. Nobody else works in the admin:
anyone else signed in is sent to its own sign-in page. A record of another municipality
is not there for a coordinator: the admin sends them back to its home.
"""

from .base import COORDINATORS, NOT_IN_ADMIN, Rule, get

TO_ADMIN_SIGN_IN = {role: 302 for role in NOT_IN_ADMIN}
ADMINISTRATORS = frozenset({"administrator"})

# (app_label, model): the lists coordinators work with.
COORDINATORS_LISTS = [
    ("samenhier", "partnerorganisation"),
    ("samenhier", "municipality"),
    ("samenhier", "language"),
    ("samenhier", "lifedomain"),
    ("samenhier", "interest"),
    ("refugees", "refugee"),
    ("groups", "welcomegroup"),
    ("matching", "match"),
    ("matching", "trajectory"),
    ("matching", "matchingpolicy"),
    ("matching", "veto"),
    ("matching", "proposalround"),
    ("matching", "activitylog"),
    ("imports", "programmeimport"),
]
ADMINISTRATORS_LISTS = [
    ("samenhier", "user"),
    ("samenhier", "invitation"),
    ("samenhier", "accesslog"),
    ("usersessions", "usersession"),
    ("mfa", "authenticator"),
    ("account", "emailaddress"),
    ("auditlog", "logentry"),
    ("auth", "group"),
]
# (app_label, model, the city's record): the records coordinators keep, for their own
# municipalities.
COORDINATORS_RECORDS = [
    ("refugees", "refugee", lambda city: city.refugee),
    ("groups", "welcomegroup", lambda city: city.group),
    ("matching", "match", lambda city: city.match),
    ("matching", "trajectory", lambda city: city.trajectory),
    ("matching", "activitylog", lambda city: city.activity),
]


def _record(record):
    return lambda w, t: [record(w.city(t)).pk]


ADMIN: list[Rule] = [
    get(
        "admin:index",
        "The admin's home: coordinators and administrators; anyone else signed in, or "
        "signed out, is sent to the admin's sign-in page.",
        roles=COORDINATORS,
        targets=("page",),
        others=TO_ADMIN_SIGN_IN,
        anonymous=302,
    ),
    *(
        get(
            f"admin:{app}_{model}_changelist",
            "A list coordinators work with: coordinators (their municipalities' rows) "
            "and administrators.",
            roles=COORDINATORS,
            targets=("page",),
            others=TO_ADMIN_SIGN_IN,
        )
        for app, model in COORDINATORS_LISTS
    ),
    *(
        get(
            f"admin:{app}_{model}_changelist",
            "The administrators' own: coordinators get 403.",
            roles=ADMINISTRATORS,
            targets=("page",),
            others=TO_ADMIN_SIGN_IN,
        )
        for app, model in ADMINISTRATORS_LISTS
    ),
    *(
        get(
            f"admin:{app}_{model}_change",
            "A record coordinators keep: its municipality's coordinators and "
            "administrators; another municipality's coordinator is sent back to the "
            "admin's home.",
            roles=COORDINATORS,
            args=_record(record),
            others=TO_ADMIN_SIGN_IN,
            outside=302,
        )
        for app, model, record in COORDINATORS_RECORDS
    ),
]
