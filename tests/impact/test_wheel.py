"""The SDG wheel: no segment is told apart by a colour that reads like another's."""

import itertools
import math

from django.urls import reverse


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour "#rrggbb" (D65)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = linear(r), linear(g), linear(b)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_segments_that_read_alike_are_striped(client, staff):
    client.force_login(staff)
    wheel = client.get(reverse("impact:handprint")).context["wheel"]
    colours = wheel["datasets"][0]["backgroundColor"]
    patterns = wheel["patterns"]
    assert len(patterns) == len(colours) == len(wheel["labels"]) >= 4
    # Any two segments in plain colour differ clearly (CIE76 ΔE ≥ 40; SDG 4 and 8 are 26).
    plain = [c for c, p in zip(colours, patterns, strict=True) if not p]
    for a, b in itertools.combinations(plain, 2):
        assert math.dist(lab(a), lab(b)) >= 40, (a, b)
    assert "stripes" in patterns
