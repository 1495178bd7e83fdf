from functools import cache

from .home import navigation_for, public_links
from .roles import Role


def roles(request):
    """The signed-in user's roles and navigation, for the layout; for someone signed out,
    the public pages the apps offer (the login page shows them)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "user_roles": frozenset(),
            "Role": Role,
            "navigation": [],
            # Lazy, and once: only the login page shows them.
            "public_links": cache(public_links),
        }
    return {
        "user_roles": user.roles,
        "Role": Role,
        "navigation": navigation_for(user),
        # Lazy, and once: counted only when a template shows it, once per request.
        "unread_notifications": cache(lambda: user.notifications.filter(read_at=None).count()),
    }
