"""The project's templates stay close to what they are built on."""

from pathlib import Path

import crispy_bootstrap5
from django.conf import settings
from django.contrib.staticfiles import finders

UPSTREAM = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "field.html"
OURS = Path(settings.BASE_DIR) / "templates" / "bootstrap5" / "field.html"
ASTERISK = '<span class="asteriskField">*</span>'


def test_the_field_template_is_upstreams_with_the_asterisk_hidden_from_screen_readers():
    # crispy-bootstrap5 has no option for this; a screen reader would read "star" after
    # every required label, although the input already says it is required. When the
    # library changes this template, this test asks for the copy to be made again.
    ours = OURS.read_text().split("\n", 1)[1]  # without the explaining comment
    upstream = UPSTREAM.read_text()
    assert ASTERISK in upstream
    assert ours == upstream.replace(ASTERISK, ASTERISK.replace('">', '" aria-hidden="true">'))


def test_no_template_compares_a_status_with_a_literal():
    # Statuses are named by the models (is_active, is_done, is_low …), not in templates.
    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        for needle in ("status ==", "status !=", "state ==", "score <=")
        if needle in path.read_text()
    ]
    assert offenders == []


def test_every_page_names_the_sites_icon_so_no_browser_asks_for_a_missing_one(client):
    # Without a link, browsers ask /favicon.ico on every page: a 404 in the log each time.
    for url in ("/account/login/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        assert 'rel="icon" href="/static/favicon.svg"' in html, url
    assert finders.find("favicon.svg")
