"""Need-to-know: personal values never reach a group member, on any page or fragment.

Long, unique strings (made once per test run) are planted in every personal field of
the household that is not part of the need-to-know profile (docs/architecture.md,
"Privacy"): surname, phone, e-mail, origin, residence status, health, the coordinator's
notes, the names of the household's members, its account's surname, its check-in
answers, the match's end note, the notes on status changes and on the proposal. Then
each member of the group opens every page the rules table (rules.py) lets them reach,
as a full page and as an htmx fragment, and none of the strings may appear.
"""

from django.urls import reverse

from .rules import pages_reached
from .world import SENTINELS, plant_sentinels, rules_world  # noqa: F401 - the fixture

READERS = ("own_member", "own_member_not_contact")


def page_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace").lower()


def test_no_sentinel_reaches_a_group_member(client, rules_world, record_property):  # noqa: F811
    world = rules_world
    plant_sentinels(world.A)
    pages, leaked = 0, set()
    for role in READERS:
        client.force_login(world.users[role])
        for rule, target in pages_reached(role, "A"):
            url = reverse(rule.url, args=rule.args(world, target) if rule.args else None)
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # full page and htmx fragment
                text = page_text(client.get(url, follow=True, **headers))
                pages += 1
                leaked |= {
                    f"{key} on {rule.url} as {role}"
                    for key, marker in SENTINELS.items()
                    if marker.lower() in text
                }
    record_property(
        "summary",
        f"sentinels leaked: {len(leaked)} of {len(SENTINELS)} "
        f"({pages} pages and fragments a group member can reach)",
    )
    assert leaked == set()
    assert pages >= 20


def test_the_sentinels_are_visible_to_the_coordinator(client, rules_world):  # noqa: F811
    # Guard: the strings are really there, where a coordinator reads the full record.
    world = rules_world
    plant_sentinels(world.A)
    client.force_login(world.users["coordinator"])
    pages = [
        reverse("admin:refugees_refugee_change", args=[world.A.refugee.pk]),
        reverse("matching:trajectory", args=[world.A.trajectory.pk]),
        reverse("matching:match", args=[world.A.match.pk]),
    ]
    text = "".join(page_text(client.get(url)) for url in pages)
    for key in ("health_notes", "last_name", "phone", "coordinator_notes", "check_in_missing"):
        assert SENTINELS[key].lower() in text, key
