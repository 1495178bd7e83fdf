"""manage.py seed_demo [--scale N|national]: the fictional demo programme, made once."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from impact.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_copy, seed_logins
from impact.national import seed_national
from impact.report import data_changed


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

    def handle(self, *args, scale, quiet_logins, **options):
        national = scale == "national"
        try:
            scale = 1 if national else int(scale)
        except ValueError as error:
            raise CommandError("--scale is a number of copies, or 'national'.") from error
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        for copy in range(scale):
            made = seed_copy(copy)
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
            self.stdout.write(
                "national data set: already present, left as it is"
                if made is None
                else "national data set: " + ", ".join(f"{v:,} {k}" for k, v in made.items())
            )
        logins = seed_logins()
        data_changed()  # bulk inserts send no signals: the cached figures are stale now
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
