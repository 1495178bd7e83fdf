"""The language switch and the page's writing direction, for the layout."""

from django import template

from samenhier.languages import choices_for

register = template.Library()


@register.simple_tag(takes_context=True)
def language_choices(context) -> list[dict]:
    """The languages the person in this request may switch to, each named in itself."""
    request = context.get("request")
    return choices_for(getattr(request, "user", None))
