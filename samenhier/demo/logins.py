"""The demo accounts, one per role, tied to the demo's own records."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.db.models import Count

from groups.models import Membership, WelcomeGroup
from matching.models import (
    Match,
)
from refugees.models import (
    Refugee,
)
from samenhier.demo.words import (
    CITIES,
    DEMO_DOMAIN,
    DEMO_LANGUAGES,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
)
from samenhier.models import (
    Language,
    Municipality,
    User,
)
from samenhier.roles import SECOND_FACTOR_ROLES, Role
from samenhier.services import role_grant


def seed_logins() -> list[tuple[str, str]]:
    """The demo accounts, one per role, with the demo password; made once, kept fresh."""
    cities = {m.name: m for m in Municipality.objects.filter(name__in=[c[0] for c in CITIES])}
    den_haag = cities["Den Haag"]
    # The demo coordinator works for the whole region; the second one only for Utrecht,
    # to show that a coordinator sees their own municipalities only.
    scopes = {
        f"coordinator@{DEMO_DOMAIN}": list(cities.values()),
        f"coordinator.utrecht@{DEMO_DOMAIN}": [cities["Utrecht"]],
    }
    # The demo group member and household share an active Den Haag match: the one they
    # were given before, or the latest whose group has room for one more member.
    active = Match.objects.filter(status="active", refugee__municipality=den_haag).select_related(
        "group", "refugee"
    )
    match = (
        active.filter(group__memberships__user__email=f"groepslid@{DEMO_DOMAIN}").first()
        or active.annotate(members=Count("group__memberships"))
        .filter(members__lt=WelcomeGroup.MAX_MEMBERS, refugee__user=None)
        .order_by("start_date", "pk")
        .last()
    )
    # The Arabic-speaking demo household: a running year, in one of the demo's cities, of a
    # household that speaks Arabic (the one it was given before, or the latest without an
    # account).
    arabic = f"nieuwkomer.arabisch@{DEMO_DOMAIN}"
    running = Match.objects.filter(status="active", refugee__municipality__in=cities.values())
    arabic_match = (
        running.filter(refugee__user__email=arabic).select_related("refugee").first()
        or running.filter(refugee__languages__code="ar", refugee__user=None)
        .select_related("refugee")
        .exclude(pk=getattr(match, "pk", None))
        .order_by("start_date", "pk")
        .last()
    )
    logins = []
    with transaction.atomic():
        for role, email, first, last in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "language": DEMO_LANGUAGES.get(email, ""),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            role_grant(user=user, role=role, municipalities=scopes.get(email, []))
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if (
                role in SECOND_FACTOR_ROLES
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
            if role == Role.COMMUNITY_BUILDER:
                WelcomeGroup.objects.filter(municipality=den_haag).update(community_builder=user)
            if (
                role == Role.GROUP_MEMBER
                and match
                and not match.group.memberships.filter(user=user).exists()
            ):
                Membership.objects.filter(group=match.group, is_contact=True).update(
                    is_contact=False
                )
                membership = Membership.objects.create(
                    group=match.group,
                    user=user,
                    is_contact=True,
                    joined_on=match.start_date - datetime.timedelta(days=90),
                    participant_statement_signed_on=match.start_date - datetime.timedelta(days=80),
                    vog_status="valid",
                    vog_valid_until=match.start_date + datetime.timedelta(days=700),
                )
                membership.languages.set(Language.objects.filter(code__in=["nl", "en"]))
            household_match = arabic_match if email == arabic else match
            if role == Role.REFUGEE and household_match and household_match.refugee.user_id is None:
                Refugee.objects.filter(pk=household_match.refugee.pk).update(user=user)
            logins.append((Role(role).label, email))
    return logins
