"""Which language a person reads: the household languages besides Dutch and English.

Staff, coordinator and volunteer pages stay Dutch and English; a household (and anyone
signed out: the login, the password pages) may also read the household languages the
administrator offers (`SAMENHIER_HOUSEHOLD_LANGUAGES`). A signed-in person's own language
is kept on their account, so that messages reach them in it whoever sends them. See
docs/architecture.md, "Languages of the household".
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.translation import gettext_noop, ngettext_lazy, pgettext, pgettext_lazy
from django.views.i18n import set_language

from .roles import Role

# Django has no locale data for some household languages (Tigrinya): settings supply it.
for _code, _info in getattr(settings, "EXTRA_LANG_INFO", {}).items():
    LANG_INFO.setdefault(_code, _info)

# The languages a household speaks (reference codes) that read a catalogue of another:
# Dari is written Persian.
READS_AS = {"prs": "fa"}

# The reference lists' Dutch names (samenhier/reference.py), so that a household reads a
# language, a life domain or an interest in its own language; a test ties the two lists.
REFERENCE_NAMES = (
    pgettext_lazy("referentie", "Nederlands"),
    pgettext_lazy("referentie", "Engels"),
    pgettext_lazy("referentie", "Arabisch"),
    pgettext_lazy("referentie", "Tigrinya"),
    pgettext_lazy("referentie", "Perzisch (Farsi)"),
    pgettext_lazy("referentie", "Dari"),
    pgettext_lazy("referentie", "Pasjtoe"),
    pgettext_lazy("referentie", "Somalisch"),
    pgettext_lazy("referentie", "Turks"),
    pgettext_lazy("referentie", "Koerdisch"),
    pgettext_lazy("referentie", "Oekraïens"),
    pgettext_lazy("referentie", "Russisch"),
    pgettext_lazy("referentie", "Frans"),
    pgettext_lazy("referentie", "Amhaars"),
    pgettext_lazy("referentie", "Spaans"),
    pgettext_lazy("referentie", "Duits"),
    pgettext_lazy("referentie", "Taal"),
    pgettext_lazy("referentie", "Werk"),
    pgettext_lazy("referentie", "Onderwijs"),
    pgettext_lazy("referentie", "Wonen"),
    pgettext_lazy("referentie", "Gezondheid"),
    pgettext_lazy("referentie", "Financiën en administratie"),
    pgettext_lazy("referentie", "Sociaal netwerk"),
    pgettext_lazy("referentie", "Vrije tijd"),
    pgettext_lazy("referentie", "Sport"),
    pgettext_lazy("referentie", "Koken"),
    pgettext_lazy("referentie", "Muziek"),
    pgettext_lazy("referentie", "Wandelen en natuur"),
    pgettext_lazy("referentie", "Kunst en cultuur"),
    pgettext_lazy("referentie", "Tuinieren"),
    pgettext_lazy("referentie", "Lezen"),
    pgettext_lazy("referentie", "Techniek"),
    pgettext_lazy("referentie", "Spelletjes"),
    pgettext_lazy("referentie", "Fietsen"),
)


# Which messages a household reads, for the catalogues' completeness test
# (tests/languages/): every message of these files, and every message elsewhere whose
# comment begins "Translators: household" (docs/architecture.md, "Languages of the
# household"). A template or module a household reaches is added here.
HOUSEHOLD_SOURCES = (
    "samenhier/languages.py",
    "samenhier/services.py",
    "samenhier/views.py",
    "samenhier/roles.py",
    "templates/base.html",
    "templates/_bare.html",
    "templates/_error.html",
    "templates/_form.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "templates/pagination.html",
    "templates/bootstrap5/",
    "templates/account/",
    "templates/allauth/",
    "templates/samenhier/home.html",
    "templates/samenhier/notifications.html",
    "templates/samenhier/invitation_accept.html",
    "templates/samenhier/invitation_accept_signed_in.html",
    "templates/samenhier/invitation_unusable.html",
    "templates/samenhier/email/",
    "templates/matching/panels/household.html",
    "templates/matching/check_in.html",
    "templates/matching/household_confirm.html",
    "templates/matching/_who_reads_check_ins.html",
    "templates/matching/_milestone_when.html",
    "templates/refugees/my_data.html",
)
HOUSEHOLD_MARK = "Translators: household"

# Messages of Django and allauth that a household reads (form labels and errors, the
# months of a date), in the project's catalogues because not every household language
# has theirs (Tigrinya has none). Their msgids are the libraries' own, in English.
THIRD_PARTY = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Please type your current password."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The two password fields didn’t match."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Forgot your password?"),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This field is required."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


def household_languages() -> list[str]:
    """The household languages offered now, in the administrator's order."""
    return list(settings.SAMENHIER_HOUSEHOLD_LANGUAGES)


def is_household(user) -> bool:
    """A household's account (and nothing more): it may read the household languages."""
    return bool(user.roles) and user.roles <= {Role.REFUGEE}


def languages_for(user) -> list[str]:
    """The languages this person may read: Dutch and English for everyone; the household
    languages too for a household or someone signed out."""
    if user is None or not user.is_authenticated or is_household(user):
        return [*settings.STAFF_LANGUAGES, *household_languages()]
    return list(settings.STAFF_LANGUAGES)


def language_of(user) -> str:
    """The language messages to this person go out in: their own, if they may read it."""
    language = getattr(user, "language", "")
    if user is not None and language and language in languages_for(user):
        return language
    return settings.LANGUAGE_CODE


def language_from_household(codes) -> str:
    """The first of a household's languages (reference codes) that is offered; else Dutch.
    Used when a coordinator invites the household's contact."""
    offered = household_languages()
    for code in codes:
        code = READS_AS.get(code, code)
        if code in offered:
            return code
    return settings.LANGUAGE_CODE


def reference_name(name_nl: str) -> str:
    """A reference row's Dutch name in the active language (itself when not translated)."""
    return pgettext("referentie", name_nl)


def choices_for(user) -> list[dict]:
    """The language switch: each language named in itself, with its `lang` and `dir`."""
    choices = []
    for code in languages_for(user):
        info = translation.get_language_info(code)
        choices.append(
            {
                "code": code,
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "dir": "rtl" if info["bidi"] else "ltr",
            }
        )
    return choices


@login_not_required
def language_choose(request):
    """The language switch: one tap. A signed-in person's choice is kept on their account
    (their e-mails follow it); a language they may not read is refused quietly: the page
    stays as it was, in the language they had."""
    user = request.user
    if request.method == "POST":
        code = request.POST.get("language", "")
        if code not in languages_for(user):
            request.POST = request.POST.copy()
            request.POST["language"] = language_of(user)
        elif user.is_authenticated and user.language != code:
            user.language = code
            user.save(update_fields=["language"])
    return set_language(request)
