"""Who may open a view, and the log of who opened a household's record.

Every view declares its roles with `role_required`.

Anonymous visitors are sent to the login page by LoginRequiredMiddleware; a signed-in
user without one of the roles gets 403. Objects are looked up through selectors scoped
to the user, so an object outside their scope is a 404 (see each app's selectors).
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

from .models import AccessLog
from .roles import Role


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


def any_role(view):
    """For pages every signed-in person may open (their home, their notifications)."""
    view.allowed_roles = frozenset(Role.values)
    return view


def access_log(*, user, action: str, obj=None, object_type: str = "", object_code="") -> None:
    """Write who did what with which record (its type and code, no values)."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_code = object_code or obj.pk
    AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_code=str(object_code),
    )


def client_address(request) -> str:
    """The visitor's address: the one the last of `SAMENHIER_PROXIES` trusted proxies put
    in X-Forwarded-For (what a visitor writes there themselves stands to its left and is
    never read), else the connection's own."""
    proxies = settings.SAMENHIER_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        seen = [address.strip() for address in forwarded if address.strip()]
        if len(seen) >= proxies:
            return seen[-proxies]
    return request.META.get("REMOTE_ADDR", "")
