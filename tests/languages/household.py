"""What the language tests share: a household with an account in a running year (and
one with a proposed match), and the visible text of a page, to find Dutch left in it.

Extra factories for these tests live here, not in tests/factories.py.
"""

import datetime
import re
from html.parser import HTMLParser

from django.utils import timezone

from groups.models import GroupExpertise
from matching.models import Match, TrajectoryGoal
from samenhier.models import Notification
from samenhier.roles import Role

from ..factories import (
    MatchFactory,
    MembershipFactory,
    UserFactory,
    active_trajectory,
    language,
    life_domain,
    ready_group,
    ready_refugee,
)

HOUSEHOLD_LANGUAGES = ("ar", "fa", "ti", "uk", "tr")
RTL = {"ar", "fa"}


def household_user(refugee, *, language_code="", **kwargs):
    """The household's main contact with an account of their own."""
    user = UserFactory(role=Role.REFUGEE, language=language_code, **kwargs)
    refugee.user = user
    refugee.save(update_fields=["user"])
    return user


def running_year(municipality, *, language_code=""):
    """A household 100 days into its year (a check-in due, one moment passed), with goals,
    a community builder, and a notification from the year's start."""
    trajectory = active_trajectory(
        municipality=municipality, start=timezone.localdate() - datetime.timedelta(days=100)
    )
    match = trajectory.match
    match.group.community_builder = UserFactory(role=Role.COMMUNITY_BUILDER)
    match.group.save(update_fields=["community_builder"])
    user = household_user(match.refugee, language_code=language_code)
    TrajectoryGoal.objects.create(
        trajectory=trajectory, life_domain=life_domain("work"), description="Werk in de zorg"
    )
    return trajectory, user


def proposed_match(municipality, *, language_code=""):
    """A match proposed to a household with an account, with a group whose members speak
    Dutch and Arabic and offer help with work and housing."""
    refugee = ready_refugee(municipality=municipality, languages=["ar"])
    group = ready_group(municipality=municipality, languages=("nl", "ar"))
    GroupExpertise.objects.create(group=group, life_domain=life_domain("housing"), level=2)
    match = MatchFactory(refugee=refugee, group=group, status=Match.Status.PROPOSED)
    user = household_user(refugee, language_code=language_code)
    return match, user


def add_member(group, first_name, languages=("nl",)):
    return MembershipFactory(
        group=group,
        user=UserFactory(role=Role.GROUP_MEMBER, first_name=first_name),
        languages=list(languages),
    )


def reference_language(code):
    return language(code)


def a_notification(user, key="test"):
    return Notification.objects.filter(recipient=user, key__startswith=key).first()


class VisibleText(HTMLParser):
    """The text a person reads or hears on a page: text nodes, and the attributes a
    screen reader speaks. Left out: scripts and styles; whatever sits in <bdi> (names,
    addresses, the household's and group's own words: data, not messages); and what is
    marked as another language than the page's (the language switch names each language
    in itself)."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder")
    SKIP = {"script", "style"}

    def __init__(self, page_language):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack = []  # (tag, skipped)
        self.texts = []

    @property
    def skipped(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = "lang" in attrs and tag != "html" and attrs["lang"] != self.page_language
        skip = tag in self.SKIP or tag == "bdi" or other
        if tag not in ("br", "input", "meta", "link", "img", "hr"):
            self.stack.append((tag, skip))
        if not (self.skipped or skip):
            self.texts += [attrs[a] for a in self.SPOKEN if attrs.get(a)]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skipped:
            self.texts.append(data)


WORD = re.compile(r"[^\W\d_]{2,}")
EMAIL = re.compile(r"^\S+@\S+$")  # an address is data, whatever the language
# Not messages: the programme's name, and the organisation's.
NAMES = ("Samen Hier", "Justice and Peace Nederland")


def segments(html: str, page_language: str) -> set[str]:
    parser = VisibleText(page_language)
    parser.feed(html)
    found = set()
    for text in parser.texts:
        for line in text.splitlines():
            line = " ".join(line.split())
            for name in NAMES:
                line = line.replace(name, "")
            line = line.strip(" ·–-:,.()")
            if WORD.search(line) and not EMAIL.match(line):
                found.add(line)
    return found


def dutch_left(dutch_html: str, other_html: str, other_language: str) -> set[str]:
    """Pieces of text the page in `other_language` shows exactly as the Dutch page does."""
    return segments(other_html, other_language) & segments(dutch_html, "nl")


def text_lines(text: str) -> set[str]:
    """The lines of an e-mail that carry words (links and names taken out by the caller)."""
    found = set()
    for line in text.splitlines():
        line = " ".join(line.split())
        for name in NAMES:
            line = line.replace(name, "")
        line = line.strip(" ·–-:,.()[]")
        if WORD.search(line) and not line.startswith("http"):
            found.add(line)
    return found
