from .roles import Role


def roles(request):
    """The signed-in user's roles, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "Role": Role}
    return {
        "user_roles": user.roles,
        "Role": Role,
        # Lazy: counted only when a template shows it.
        "unread_notifications": lambda: user.notifications.filter(read_at=None).count(),
    }
