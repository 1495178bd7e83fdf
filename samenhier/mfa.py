"""The second factor (allauth MFA), as the programme needs it (settings.MFA_FORMS):

- a code used twice in its window is refused with a message that says what to do
  ("wacht op de volgende code"), not "ongeldig";
- removing a factor ends every other session of the person (signals.py).
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CODE_USED = _(
    "Deze code is net al gebruikt. Wacht op de volgende code in je app (die komt binnen "
    "30 seconden) en vul die in."
)


def used_code(user, code: str) -> bool:
    """A right code of the person's authenticator app that was already used in its window."""
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        secret = decrypt(authenticator.data["secret"])
        used = cache.get(TOTP(authenticator)._get_used_cache_key(code))
        if used and validate_totp_code(secret, code):
            return True
    return False


class _TellWhenUsed:
    def clean_code(self):
        try:
            return super().clean_code()
        except forms.ValidationError:
            if used_code(self.user, self.data.get("code", "")):
                raise forms.ValidationError(CODE_USED, code="code_used") from None
            raise


class SecondFactorForm(_TellWhenUsed, AuthenticateForm):
    pass


class SecondFactorAgainForm(_TellWhenUsed, ReauthenticateForm):
    pass
