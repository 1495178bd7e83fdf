"""manage.py demo_code EMAIL: the current second-factor code of a demo account.

Only for the fictional demo accounts (…@demo.samenhier.nl) that still use the demo's
published secret; any other account is refused.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from samenhier.demo.words import DEMO_DOMAIN, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only for demo accounts (@{DEMO_DOMAIN}).")
        authenticator = Authenticator.objects.filter(
            user__email=email.lower(), type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None or decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError("This account has no demo second factor.")
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30)))
