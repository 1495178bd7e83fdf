"""Small helpers the test folders share."""

from contextlib import contextmanager
from html.parser import HTMLParser

import pytest

from samenhier.errors import ApplicationError


@contextmanager
def refused(code: str):
    """The block raises the application error with this code (never a Dutch sentence)."""
    with pytest.raises(ApplicationError) as info:
        yield info
    assert info.value.code == code, f"refused with {info.value.code!r}, expected {code!r}"


class _FormReader(HTMLParser):
    """What a browser would send from the page's form with this id, unchanged."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            self.data.setdefault(name, []).append(a.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # A browser drops the newline that follows the opening tag.
            self.data[self.textarea][0] = self.data[self.textarea][0].removeprefix("\n")
            self.textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of a page's form as the browser would post them (to change a few)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data
