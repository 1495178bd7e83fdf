"""Need-to-know: sensitive values never reach a group member, on any page or download.

Unique marker strings are planted in every sensitive field of the household (origin,
residence status, health, coordinator notes, surname, phone, the household's check-in
answers); then the group's member opens every page, fragment and download of the site
they can reach, and none of the markers may appear.
"""

from django.urls import reverse

from .test_matrix import SPEC, expected, world  # noqa: F401 - the shared world fixture
from .world import SENTINELS, plant_sentinels


def test_no_sentinel_reaches_a_group_member(client, world, record_property):  # noqa: F811
    a, _b, users = world
    plant_sentinels(a)
    member = users["own_member"]
    client.force_login(member)
    pages, leaked = 0, set()
    for name, spec in sorted(SPEC.items()):
        if "public" in spec or spec.get("post_only"):
            continue
        if expected(name, spec, "own_member", "own") not in (200, 302):
            continue
        url = reverse(name, args=spec["args"](a) if spec["args"] else None)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # full page and htmx fragment
            response = client.get(url, follow=True, **headers)
            body = (
                b"".join(response.streaming_content) if response.streaming else (response.content)
            )
            text = body.decode("utf-8", "replace")
            pages += 1
            leaked |= {key for key, marker in SENTINELS.items() if marker in text}
    record_property(
        "summary",
        f"sentinels leaked: {len(leaked)} of {len(SENTINELS)} "
        f"({pages} pages and fragments a group member can reach)",
    )
    assert leaked == set()
    assert pages >= 10


def test_the_sentinels_are_visible_to_the_coordinator(client, world):  # noqa: F811
    # Guard: the markers are really there, and a coordinator does see the full record.
    a, _b, users = world
    plant_sentinels(a)
    client.force_login(users["coordinator"])
    html = client.get(reverse("admin:refugees_refugee_change", args=[a.refugee.pk])).content
    assert SENTINELS["health_notes"].encode() in html
    trajectory = client.get(reverse("impact:trajectory", args=[a.trajectory.pk])).content
    assert SENTINELS["check_in_missing"].encode() in trajectory
