"""The roles (docs/architecture.md, "Who may do what"), kept as Django groups, and the
model permissions each carries.

Model permissions only matter for the Django admin, where coordinators keep their
records; what a role may *see* is decided by the selectors, scoped to the user.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coördinator")
    COMMUNITY_BUILDER = "community_builder", _("community builder")
    PROGRAMME_STAFF = "programme_staff", _("programmamedewerker")
    GROUP_MEMBER = "group_member", _("groepslid")
    REFUGEE = "refugee", _("nieuwkomer")
    ADMINISTRATOR = "administrator", _("beheerder")


# Roles that work in the Django admin (and so need `is_staff`).
ADMIN_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}
# Roles that must use a second factor.
SECOND_FACTOR_ROLES = {
    Role.COORDINATOR,
    Role.COMMUNITY_BUILDER,
    Role.PROGRAMME_STAFF,
    Role.ADMINISTRATOR,
}

_READ = ("view",)
_EDIT = ("add", "change", "view")
_FULL = ("add", "change", "delete", "view")

# app label -> model -> actions a coordinator may take in the admin. Records are never
# deleted (a household or group is withdrawn instead); inline detail rows may be.
COORDINATOR_PERMISSIONS = {
    "samenhier": {
        "partnerorganisation": _READ,
        "municipality": _READ,
        "language": _READ,
        "lifedomain": _READ,
        "interest": _READ,
    },
    "refugees": {
        "refugee": _EDIT,
        "householdmember": _FULL,
        "householdgoal": _FULL,
        "householdpreference": _FULL,
        "consent": _EDIT,
        "refugeestatuschange": _READ,
    },
    "groups": {
        "welcomegroup": _EDIT,
        "membership": _FULL,
        "groupexpertise": _FULL,
        "groupstatuschange": _READ,
    },
    "matching": {
        "match": ("change", "view"),
        "matchstatuschange": _READ,
        # The year is written in the app, through its services; the admin shows it.
        "trajectory": _READ,
        "milestone": _READ,
        "trajectorygoal": _READ,
        "selfreliancescore": _READ,
        "matchingpolicy": _EDIT,
        "veto": _FULL,
        "proposalround": _READ,
        "proposal": _READ,
        "unmatchedhousehold": _READ,
        "activitylog": _READ,
        "networkintroduction": _READ,
    },
}


def role_permission_codes(role: str) -> set[tuple[str, str]]:
    """(app_label, codename) pairs the role's group should hold."""
    if role != Role.COORDINATOR:
        return set()
    return {
        (app_label, f"{action}_{model}")
        for app_label, models_ in COORDINATOR_PERMISSIONS.items()
        for model, actions in models_.items()
        for action in actions
    }


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Make every role group exist and hold exactly its declared permissions; make sure
    the reference lists exist too (a flush in tests empties them)."""
    # models.py imports this module (its roles), and auth's models need the app registry:
    # a real cycle, so these load when the signal runs.
    from django.contrib.auth.models import Group, Permission

    from .models import Interest, Language, LifeDomain
    from .reference import ensure_reference_data

    ensure_reference_data(
        Language.objects.db_manager(using),
        LifeDomain.objects.db_manager(using),
        Interest.objects.db_manager(using),
    )
    all_permissions = Permission.objects.using(using).select_related("content_type")
    by_code = {(p.content_type.app_label, p.codename): p for p in all_permissions}
    for role in Role.values:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        if role == Role.ADMINISTRATOR:
            wanted = list(by_code.values())
        else:
            wanted = [by_code[code] for code in role_permission_codes(role) if code in by_code]
        group.permissions.set(wanted)


# Who does what, as sets of roles that the views declare (`role_required(*MANAGING)`), so
# a page, its navigation item and the rules table in the tests name the same thing.
# The Django admin is for ADMIN_ROLES.
COORDINATING = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
MANAGING = COORDINATING | {Role.COMMUNITY_BUILDER}
FOLLOWING = MANAGING | {Role.GROUP_MEMBER}
REPORTING = COORDINATING | {Role.PROGRAMME_STAFF}
