"""A lower layer never names an upper layer's URL (docs/architecture.md, "The parts"):
lint-imports keeps the imports one way, and this keeps the URL names, which it cannot see
(`{% url 'matching:portal' %}`, `reverse("impact:dashboard")`). The layers are read from
the same contract lint-imports checks."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
# Above every app, like the upper layers: they may name any URL.
ABOVE_ALL = ("samenhier/demo", "samenhier/imports")
# A URL name of an app's namespace, quoted: "matching:portal", 'impact:dashboard'.
URL_NAME = r"""["'](?:{apps}):[\w-]+["']"""
# Known exceptions: none.
KNOWN: list[str] = []


def layers() -> list[set[str]]:
    """The apps of each layer, the highest first, from pyproject.toml's layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [{app.strip() for app in layer.split("|")} for layer in contract["layers"]]


def upper_apps() -> dict[str, set[str]]:
    """For each app, the apps of every layer above its own."""
    above: dict[str, set[str]] = {}
    seen: set[str] = set()
    for layer in layers():
        for app in layer:
            above[app] = set(seen)
        seen |= layer
    return above


def app_of_template(path: Path) -> str | None:
    """The app a template belongs to: its folder (admin/<app>/ for an app's admin pages);
    the layout, error and account pages are the core's. None above all apps."""
    parts = path.relative_to(TEMPLATES).parts
    folder = parts[1] if parts[0] == "admin" and len(parts) > 2 else parts[0]
    if folder == "imports":
        return None
    return folder if folder in upper_apps() else "samenhier"


def offences() -> list[str]:
    above = upper_apps()
    files = [(path, app_of_template(path)) for path in TEMPLATES.rglob("*.html")]
    for app in above:
        files += [
            (path, app)
            for path in (ROOT / app).rglob("*.py")
            if not str(path.relative_to(ROOT)).startswith(ABOVE_ALL)
        ]
    found = []
    for path, app in files:
        if app is None or not above[app]:
            continue
        pattern = re.compile(URL_NAME.format(apps="|".join(sorted(above[app]))))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {hit}" for hit in pattern.findall(line)]
    return found


def test_the_layers_are_the_ones_the_architecture_names():
    assert layers() == [{"impact"}, {"matching"}, {"groups", "refugees"}, {"samenhier"}]


def test_it_would_see_an_upper_url_name():
    pattern = re.compile(URL_NAME.format(apps="matching|impact"))
    assert pattern.findall("""{% url 'matching:portal' group.code %}""")
    assert pattern.findall("""reverse("impact:dashboard")""")
    assert not pattern.findall("""reverse("groups:member_invite", args=[code])""")


def test_no_lower_layer_names_an_upper_layers_url():
    assert offences() == KNOWN
