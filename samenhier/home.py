"""The home page and the navigation, put together from what each app registers.

The core cannot import the apps above it, so each app registers, from its own
AppConfig.ready(), the panels it adds to the home page, the start page a role may go to
first, its items in the navigation, and the public pages offered on the login page. A
navigation item is shown to whoever may open its view: the roles come from the view's
own `role_required`, so the menu and the views cannot disagree. See
docs/architecture.md, "The parts".
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.template.loader import render_to_string
from django.urls import resolve, reverse


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (request) -> dict, or None when the panel is not for this person
    order: int


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    order: int
    # Only for views without `role_required` (the Django admin): who may open them.
    roles: frozenset | None = None


@dataclass(frozen=True)
class PublicLink:
    url_name: str
    lead: str  # the question the page answers ("Wil je als buurtbewoner helpen?")
    label: str
    order: int


PANELS: list[Panel] = []
START_PAGES: list[Callable] = []
NAVIGATION: list[NavItem] = []
PUBLIC_LINKS: list[PublicLink] = []


def panel(*, template: str, order: int):
    """Register a home-page panel: the decorated function returns its context or None."""

    def register(function):
        PANELS.append(Panel(template, function, order))
        PANELS.sort(key=lambda p: p.order)
        return function

    return register


def start_page(function):
    """Register a function that returns where a person starts (a URL), or None."""
    START_PAGES.append(function)
    return function


def nav_item(url_name: str, label, *, order: int, roles=None) -> None:
    if any(item.url_name == url_name for item in NAVIGATION):
        return
    NAVIGATION.append(NavItem(url_name, label, order, frozenset(roles) if roles else None))
    NAVIGATION.sort(key=lambda item: item.order)


def public_link(url_name: str, *, lead, label, order: int) -> None:
    """Register a page for someone without an account, offered on the login page."""
    if any(item.url_name == url_name for item in PUBLIC_LINKS):
        return
    PUBLIC_LINKS.append(PublicLink(url_name, lead, label, order))
    PUBLIC_LINKS.sort(key=lambda item: item.order)


def public_links() -> list[dict]:
    return [
        {"url": reverse(item.url_name), "lead": item.lead, "label": item.label}
        for item in PUBLIC_LINKS
    ]


@cache
def _roles_of(url_name: str) -> frozenset:
    """The roles the view behind a URL name allows (URLs do not change while running)."""
    return getattr(resolve(reverse(url_name)).func, "allowed_roles", frozenset())


def navigation_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"url": reverse(item.url_name), "label": item.label, "url_name": item.url_name}
        for item in NAVIGATION
        if user.has_role(*(item.roles or _roles_of(item.url_name)))
    ]


def start_url(request) -> str | None:
    for start in START_PAGES:
        url = start(request)
        if url:
            return url
    return None


def panels_for(request) -> list[str]:
    """The home page's panels for this person, each rendered with its own context."""
    rendered = []
    for item in PANELS:
        context = item.context(request)
        if context is not None:
            rendered.append(render_to_string(item.template, context, request=request))
    return rendered
