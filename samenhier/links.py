"""Links from a record to the pages of the apps above its own.

A lower app never names an upper app's URL (docs/architecture.md, "The parts"), yet its
pages lead on to them: a group's admin page and its invitation page to the group's own
page, a household's admin page to its matches. The app that has the page registers, from
its AppConfig.ready(), a function that gives a record's links; the lower app shows what
`links_for(record)` returns.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    url: str
    label: str


LINKS: dict[str, list[Callable[[object], Iterable[Link]]]] = {}


def record_links(model_label: str):
    """Register a function (record) -> links, for the records of `model_label`
    ("groups.welcomegroup")."""

    def register(function):
        LINKS.setdefault(model_label, []).append(function)
        return function

    return register


def links_for(record) -> list[Link]:
    return [link for links in LINKS.get(record._meta.label_lower, ()) for link in links(record)]


class RecordLinksAdminMixin:
    """Gives a record's admin page its links as `record_links` (for `object-tools`)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["record_links"] = links_for(obj) if obj is not None else []
        return super().render_change_form(request, context, add, change, form_url, obj)
