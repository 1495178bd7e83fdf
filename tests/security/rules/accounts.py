"""Rows for signing in and one's own account: allauth's pages under /account/
(docs/architecture.md, "Accounts, invitations and e-mail").

Everyone signed in reaches their own account's pages, and only their own (the pages take
no one's code). There is no open sign-up, signing in by an e-mailed code is not offered,
a password reset says the same whether or not the address has an account, and setting
up, removing or renewing a second factor asks for the password again first. Staff roles
have a second factor (they must: the world gives them one), the others do not.
"""

from .base import CARRIED_OUT, SIGNED_IN, Rule, changes, get, grows, post

# The people with a second factor in the world: every staff role must have one.
WITH_A_FACTOR = frozenset(
    {"coordinator", "other_coordinator", "community_builder", "staff", "administrator"}
)
WITHOUT_A_FACTOR = SIGNED_IN - WITH_A_FACTOR
# Signed in, someone is sent on from the pages for signing in (to their home).
SENT_ON = 302
# A change that asks for the password again sends to that question first.
PASSWORD_AGAIN = 302


def _password():
    from ...factories import PASSWORD

    return PASSWORD


def _member_signs_in(w, t, role):
    return {"login": w.users["own_member"].email, "password": _password()}


def _last_login_of_member(w, t, role):
    return type(w.users["own_member"]).objects.get(pk=w.users["own_member"].pk).last_login


def _sessions(w, t, role):
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def _password_hash(w, t, role):
    user = w.users[role]
    return type(user).objects.get(pk=user.pk).password


def _email_of(w):
    return w.users["coordinator"].email


def _reset_done(w, t, role):
    from django.urls import reverse

    return reverse("account_reset_password_done")


ACCOUNTS: list[Rule] = [
    # -- signing in and out -------------------------------------------------------------
    get(
        "account_login",
        "Signing in: the page is for someone signed out; someone signed in is sent on.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=SENT_ON,
        anonymous=200,
    ),
    post(
        "account_login",
        "sign in with a wrong password",
        "A wrong password signs no one in: the form comes back, nothing changes.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=SENT_ON,
        anonymous=200,
        data=lambda w, t, role: {"login": w.users["own_member"].email, "password": "niet-dit"},
    ),
    post(
        "account_login",
        "sign in",
        "A group member (no second factor) signs in with their password.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=SENT_ON,
        anonymous=CARRIED_OUT,
        data=_member_signs_in,
        effect=changes("the member's last sign-in recorded", _last_login_of_member),
    ),
    get(
        "account_logout",
        "Signing out asks first, for anyone signed in; someone signed out is sent home.",
        roles=SIGNED_IN,
        targets=("page",),
        anonymous=302,
    ),
    post(
        "account_logout",
        "sign out",
        "Anyone signed in signs out: their session ends.",
        roles=SIGNED_IN,
        targets=("page",),
        anonymous=302,
        effect=grows("one session fewer", _sessions, by=-1),
    ),
    get(
        "account_inactive",
        "Public: the page says an account is not active, and names no one.",
        targets=("page",),
        public=200,
    ),
    get(
        "account_signup",
        "There is no open sign-up: the page says so to someone signed out; someone "
        "signed in is sent on.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=SENT_ON,
        anonymous=200,
    ),
    post(
        "account_signup",
        "make an account",
        "There is no open sign-up: no account is made, for anyone.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=SENT_ON,
        anonymous=200,
        data=lambda w, t, role: {
            "email": "zelf-aangemeld@example.org",
            "password1": "Een-ander-wachtwoord-7",
            "password2": "Een-ander-wachtwoord-7",
        },
    ),
    get(
        "account_confirm_login_code",
        "Signing in by an e-mailed code is not offered: anyone is sent on.",
        targets=("page",),
        public=302,
    ),
    get(
        "account_email_verification_sent",
        "Public: the page says a message was sent, and names no one.",
        targets=("page",),
        public=200,
    ),
    get(
        "account_confirm_email",
        "Public: a confirmation link that does not exist is answered as such, for anyone.",
        args=lambda w, t: ["geen-sleutel"],
        targets=("page",),
        public=200,
    ),
    # -- the password again, before a sensitive change ----------------------------------
    get(
        "account_reauthenticate",
        "Asking for one's password again: anyone signed in.",
        roles=SIGNED_IN,
        targets=("page",),
    ),
    get(
        "account_request_reauthentication_code",
        "The password is asked again by the password itself, never by an e-mailed code: "
        "anyone signed in is sent to the password.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=PASSWORD_AGAIN,
    ),
    get(
        "account_confirm_reauthentication_code",
        "As asking for the code.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=PASSWORD_AGAIN,
    ),
    # -- the password -------------------------------------------------------------------
    get(
        "account_change_password",
        "Changing one's own password: anyone signed in.",
        roles=SIGNED_IN,
        targets=("page",),
    ),
    post(
        "account_change_password",
        "change the password",
        "Anyone signed in changes their own password, with the current one.",
        roles=SIGNED_IN,
        targets=("page",),
        data=lambda w, t, role: {
            "oldpassword": _password(),
            "password1": "Een-nieuw-wachtwoord-93",
            "password2": "Een-nieuw-wachtwoord-93",
        },
        effect=changes("a new password", _password_hash),
    ),
    get(
        "account_set_password",
        "Everyone in the world has a password: they are sent to changing it.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=302,
    ),
    get(
        "account_reset_password",
        "Public: anyone asks for a link to choose a new password.",
        targets=("page",),
        public=200,
    ),
    *(
        post(
            "account_reset_password",
            action,
            "A reset never tells whether an address has an account: the same answer for "
            "both, for anyone, and no record changes.",
            targets=("page",),
            public=302,
            location=lambda w, t, role: _reset_done(w, t, role),
            data=data,
        )
        for action, data in (
            ("ask for a link for an account", lambda w, t, role: {"email": _email_of(w)}),
            ("ask for a link for no account", lambda w, t, role: {"email": "niemand@example.org"}),
        )
    ),
    get(
        "account_reset_password_done",
        "Public: the page says a message is on its way, if the address is known.",
        targets=("page",),
        public=200,
    ),
    get(
        "account_reset_password_from_key",
        "Public: a reset link that is not valid is answered as such, for anyone.",
        args=lambda w, t: ["zz", "geen-sleutel"],
        targets=("page",),
        public=200,
    ),
    get(
        "account_reset_password_from_key_done",
        "Public: the page says the password was changed, and names no one.",
        targets=("page",),
        public=200,
    ),
    # -- the second factor --------------------------------------------------------------
    get(
        "mfa_index",
        "One's own second factor: anyone signed in.",
        roles=SIGNED_IN,
        targets=("page",),
    ),
    get(
        "mfa_authenticate",
        "The second step of signing in, only while signing in: anyone else is sent on.",
        targets=("page",),
        public=302,
    ),
    get(
        "mfa_reauthenticate",
        "The second factor asked again: for someone who has one; the others are asked "
        "their password instead.",
        roles=SIGNED_IN,
        targets=("page",),
        ok={role: PASSWORD_AGAIN for role in WITHOUT_A_FACTOR},
    ),
    get(
        "mfa_activate_totp",
        "Setting up a second factor asks for the password again first, for anyone.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=PASSWORD_AGAIN,
    ),
    get(
        "mfa_deactivate_totp",
        "Removing one's second factor asks for the password again first; someone without "
        "one has nothing to remove (404).",
        roles=SIGNED_IN,
        targets=("page",),
        ok={role: PASSWORD_AGAIN for role in WITH_A_FACTOR}
        | {role: 404 for role in WITHOUT_A_FACTOR},
    ),
    get(
        "mfa_generate_recovery_codes",
        "New recovery codes ask for the password again first, for anyone.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=PASSWORD_AGAIN,
    ),
    get(
        "mfa_view_recovery_codes",
        "Recovery codes are their owner's only; nobody in the world has them yet (404).",
        roles=SIGNED_IN,
        targets=("page",),
        ok=404,
    ),
    get(
        "mfa_download_recovery_codes",
        "As seeing them.",
        roles=SIGNED_IN,
        targets=("page",),
        ok=404,
    ),
    # -- sessions -----------------------------------------------------------------------
    get(
        "usersessions_list",
        "One's own signed-in sessions: anyone signed in.",
        roles=SIGNED_IN,
        targets=("page",),
    ),
]
