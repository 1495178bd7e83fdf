"""manage.py seed_demo [--scale N|national]: the fictional demo programme, made once."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matching.services.summaries_rebuild import rebuild
from samenhier.demo.logins import seed_logins
from samenhier.demo.national import seed_national
from samenhier.demo.notices import seed_notices
from samenhier.demo.programme import seed_copy
from samenhier.demo.signups import seed_signups
from samenhier.demo.words import DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Build the fictional demo programme (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="1",
            help="Number of copies of the demo programme (4 municipalities each), or "
            "'national': the demo plus about 20,000 households, 5,000 groups, "
            "200 municipalities and 1,000,000 activity logs (use PostgreSQL).",
        )
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--on-a-production-configuration",
            action="store_true",
            dest="production_ok",
            help="Seed even though DEBUG is off. The demo makes an administrator with a "
            "published password: only for drills on a machine of their own.",
        )

    def handle(self, *args, scale, quiet_logins, production_ok=False, **options):
        if not settings.DEBUG and not production_ok:
            raise CommandError(
                "DEBUG is off: this looks like a production configuration, and the demo "
                "makes accounts with a published password. Add "
                "--on-a-production-configuration only on a drill machine of its own."
            )
        national = scale == "national"
        try:
            scale = 1 if national else int(scale)
        except ValueError as error:
            raise CommandError("--scale is a number of copies, or 'national'.") from error
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        added = False
        for copy in range(scale):
            made = seed_copy(copy)
            added = added or made is not None
            if made is None:
                self.stdout.write(f"copy {copy + 1}/{scale}: already present, left as it is")
            else:
                self.stdout.write(
                    f"copy {copy + 1}/{scale}: {made['households']} households, "
                    f"{made['groups']} groups, {made['matches']} matches, "
                    f"{made['reception_days']} reception days"
                )
        if national:
            made = seed_national()
            added = added or made is not None
            self.stdout.write(
                "national data set: already present, left as it is"
                if made is None
                else "national data set: " + ", ".join(f"{v:,} {k}" for k, v in made.items())
            )
        logins = seed_logins()
        signups = seed_signups()
        if signups:
            self.stdout.write(f"sign-ups: {signups} residents who want to start a group")
        if added:
            # Bulk inserts bypass the services: make the figures' summaries from the rows.
            written = rebuild()
            self.stdout.write(f"summaries: {written:,} rows made from the raw rows")
        # Last, once every demo account exists: what each of them has been told.
        told = seed_notices()
        self.stdout.write(f"notifications: {told:,} made by the reminders and the demo's history")
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo-inloggegevens (wachtwoord: %(pw)s)") % {"pw": DEMO_PASSWORD}
                )
            )
            for role, email in logins:
                self.stdout.write(f"  {role:<22} {email}")
            self.stdout.write(
                _(
                    "Coördinatoren, community builders, programmamedewerkers en beheerders "
                    "loggen in met een tweede factor (TOTP). Zet dit geheim in een "
                    "authenticator-app: %(secret)s, of toon de huidige code met: "
                    "python manage.py demo_code EMAIL"
                )
                % {"secret": DEMO_TOTP_SECRET}
            )
