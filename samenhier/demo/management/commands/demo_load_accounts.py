"""manage.py demo_load_accounts [--count 20]: fictional accounts for the load test.

load.coordinatorN, load.staffN (with the demo's second factor) and load.memberN (each a
member of a group with a running year), all with the demo password. Demo data only.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from groups.models import Membership
from groups.services import CONFIDENTIALITY_VERSION
from matching.models import Match
from samenhier.demo.words import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from samenhier.models import Municipality, User
from samenhier.roles import Role
from samenhier.services import role_grant


class Command(BaseCommand):
    help = "Create the fictional accounts the load test signs in with."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20)

    @transaction.atomic
    def handle(self, *args, count, **options):
        places = list(Municipality.objects.order_by("-pk").values_list("pk", flat=True))
        groups = list(
            Match.objects.filter(status=Match.Status.ACTIVE)
            .order_by("-start_date")
            .values_list("group", flat=True)
            .distinct()[:count]
        )
        for i in range(count):
            for role, name in (
                (Role.COORDINATOR, "coordinator"),
                (Role.PROGRAMME_STAFF, "staff"),
                (Role.GROUP_MEMBER, "member"),
            ):
                email = f"load.{name}{i}@{DEMO_DOMAIN}"
                user, created = User.objects.get_or_create(
                    email=email, defaults={"first_name": name.capitalize(), "last_name": str(i)}
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                role_grant(
                    user=user,
                    role=role,
                    municipalities=places[4 * i : 4 * i + 4] if role == Role.COORDINATOR else (),
                )
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                if (
                    role != Role.GROUP_MEMBER
                    and not Authenticator.objects.filter(user=user).exists()
                ):
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                if role == Role.GROUP_MEMBER and groups and not user.memberships.exists():
                    Membership.objects.create(
                        group_id=groups[i % len(groups)],
                        user=user,
                        confidentiality_accepted_at=timezone.now(),
                        confidentiality_version=CONFIDENTIALITY_VERSION,
                    )
        self.stdout.write(f"load accounts: {count} per role")
