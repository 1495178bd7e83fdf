"""allauth adapter: accounts come only from invitations, never from open sign-up; its
e-mails (a password reset) go out in the recipient's own language, whoever asked, and
the message after signing in speaks the language of the person who just signed in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .languages import language_of
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        with translation.override(language_of(user)):
            return super().send_mail(template_prefix, email, context)

    def add_message(self, request, level, message_template=None, message_context=None, **kw):
        # Signing in happens on a page in the visitor's language; the next page is in the
        # account's own, and so is the message that greets them there.
        user = (message_context or {}).get("user") or getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            with translation.override(language_of(user)):
                return super().add_message(request, level, message_template, message_context, **kw)
        return super().add_message(request, level, message_template, message_context, **kw)
