"""Every pointer into the project's map names a section it has: code, comments, tests and
the README cite docs/architecture.md by section (`docs/architecture.md, "Lifecycles"`), and a
section that is renamed or merged must not leave them pointing at nothing."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "architecture.md"
TEXT_SUFFIXES = {".py", ".html", ".txt", ".md", ".toml", ".cfg", ".sh", ".yml", ".yaml"}
NOT_OURS = {".venv", ".git", "node_modules", "staticfiles", "locale", "__pycache__", "docs"}

# `docs/architecture.md`, then a comma or a bracket, then one or more quoted section names
# ("Who may do what", "Lifecycles" and "Privacy"); a name may run on over a line break,
# where a comment goes on with `#`.
REFERENCE = re.compile(r'docs/architecture\.md`?[\s,(#]*((?:"[^"]{1,80}"(?:[\s,#]*(?:and\s+)?)?)+)')
NAME = re.compile(r'"([^"]{1,80})"')


def headings() -> set[str]:
    return {
        line.lstrip("#").strip()
        for line in MAP.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }


def our_text_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [
            name for name in subfolders if name not in NOT_OURS and not name.endswith(".egg-info")
        ]
        for name in files:
            path = Path(folder, name)
            if path.suffix in TEXT_SUFFIXES:
                yield path


def references() -> list[tuple[str, str]]:
    """(file:line, section name) of every quoted section name after the map's path."""
    found = []
    for path in sorted(our_text_files()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for reference in REFERENCE.finditer(text):
            line = text.count("\n", 0, reference.start()) + 1
            for name in NAME.findall(reference.group(1)):
                words = " ".join(name.replace("#", " ").split())
                found.append((f"{path.relative_to(ROOT)}:{line}", words))
    return found


def test_it_finds_the_references_it_checks():
    found = references()
    # Far more than this cite the map; far fewer means the pattern stopped matching.
    assert len(found) >= 40, found
    assert ("samenhier/languages.py:7", "Languages of the household") in found
    assert ("samenhier/middleware.py:25", "Languages of the household") in found


def test_every_reference_to_the_architecture_document_names_one_of_its_headings():
    sections = headings()
    dead = [(where, name) for where, name in references() if name not in sections]
    assert not dead, f"no such heading in docs/architecture.md: {dead}"
