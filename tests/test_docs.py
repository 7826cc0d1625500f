"""Docs live in the repository: nothing points outside it, and every pointer into the API notes
names a heading they have (the notes themselves are docs/api-notes.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "docs" / "api-notes.md"
#: Paths of a document outside the repository, built from parts so this file is not a hit.
OUTSIDE = tuple(s.encode() for s in ("/".join(("..", "shared")), "/".join(("", "work", "shared"))))
#: ``docs/api-notes.md, "A"``, also ``..., "A", "B"`` / ``"A" and "B"`` (may wrap a line).
POINTER = re.compile(
    r"docs/api-notes\.md,\s*"
    r'("[^"\n]+"(?:(?:\s*[,;]\s*|\s+and\s+)"[^"\n]+")*)'
)
QUOTED = re.compile(r'"([^"\n]+)"')
#: Old citations by number of a document that is not in the repository.
NUMBERED = re.compile(r"\b(?:reference|section)s?\s+(?:section\s+)?\d", re.IGNORECASE)


def headings(path: Path) -> set[str]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
        if match:
            found.add(match.group(1))
    return found


def code_files() -> list[Path]:
    return sorted((ROOT / "recorder_gui").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))


def tracked_files() -> list[Path]:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    done = subprocess.run(
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False, timeout=60
    )
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    names = [n for n in done.stdout.decode("utf-8", "replace").split("\0") if n]
    return [ROOT / n for n in names]


def test_nothing_points_outside_the_repository() -> None:
    own = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *code_files()]
    offenders = []
    for path in sorted(set(tracked_files()) | set(own)):
        if not path.is_file():
            continue  # deleted in the work tree, or a submodule
        data = path.read_bytes()
        offenders.extend(f"{path.relative_to(ROOT)}: {o.decode()}" for o in OUTSIDE if o in data)
    assert offenders == []


def test_every_pointer_names_a_heading_of_the_api_notes() -> None:
    known = headings(NOTES)
    assert "Callbacks" in known  # the scan reads the headings
    missing, unreadable, seen = [], [], 0
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *code_files()]:
        if path in (Path(__file__).resolve(), NOTES):
            continue  # examples, not pointers
        text = path.read_text(encoding="utf-8")
        pointers = POINTER.findall(text)
        seen += len(pointers)
        if len(pointers) != text.count("docs/api-notes.md,"):
            unreadable.append(str(path.relative_to(ROOT)))
        for group in pointers:
            missing.extend(
                f"{path.relative_to(ROOT)}: {name!r}"
                for name in QUOTED.findall(group)
                if name not in known
            )
    assert seen > 20  # the pointers were found at all
    assert unreadable == [], 'write pointers as: docs/api-notes.md, "Heading"'
    assert missing == []


def test_no_numbered_citation_remains_in_the_code() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "recorder_gui").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NUMBERED.search(line)
    ]
    assert offenders == []


def test_the_patterns_can_fail() -> None:
    assert NUMBERED.search("(reference 3.3)") and NUMBERED.search("API reference sections 2")
    assert NUMBERED.search("Section 6.1/6.2: vendors")
    assert not NUMBERED.search("drops one reference to None")
    wrapped = 'docs/api-notes.md, "start" and\n"Bot token (AccessToken2)"'
    assert QUOTED.findall(POINTER.findall(wrapped)[0]) == ["start", "Bot token (AccessToken2)"]
    assert headings(NOTES) >= {"start", "Storage and file naming", "Open points"}


def test_the_readme_points_to_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme
    assert "docs/api-notes.md" in readme
    assert (ROOT / "docs" / "architecture.md").is_file()
