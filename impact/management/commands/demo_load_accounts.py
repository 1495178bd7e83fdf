"""manage.py demo_load_accounts [--count 20]: fictional accounts for the load test.

load.coordinatorN, load.staffN (with the demo's second factor) and load.memberN (each a
member of a group with a running year), all with the demo password. Demo data only.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from groups.models import Membership
from impact.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from matching.models import Match
from samenhier.models import Municipality, User
from samenhier.roles import Role


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
                user.groups.add(Group.objects.get(name=role))
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                if (
                    role != Role.GROUP_MEMBER
                    and not Authenticator.objects.filter(user=user).exists()
                ):
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                if role == Role.COORDINATOR:
                    user.is_staff = True
                    user.save(update_fields=["is_staff"])
                    user.municipalities.add(*places[4 * i : 4 * i + 4])
                if role == Role.GROUP_MEMBER and groups and not user.memberships.exists():
                    Membership.objects.create(
                        group_id=groups[i % len(groups)],
                        user=user,
                        confidentiality_accepted_at=timezone.now(),
                        confidentiality_version="1.0",
                    )
        self.stdout.write(f"load accounts: {count} per role")
