"""Who may open a view: every view declares its roles with `role_required`.

Anonymous visitors are sent to the login page by LoginRequiredMiddleware; a signed-in
user without one of the roles gets 403. Objects are looked up through selectors scoped
to the user, so an object outside their scope is a 404 (see each app's selectors).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


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
    from .roles import Role

    view.allowed_roles = frozenset(Role.values)
    return view
