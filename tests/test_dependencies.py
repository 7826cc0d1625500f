"""Every package the app imports is one an installation has: a declared dependency (or one
that a dependency brings), or an optional extra named here.

A package imported by name inside a function (``importlib.import_module("boto3")``) escapes
import analysis: boto3 was once only in the test and demo extras, so the file checks answered
"failed" in every real installation. This test reads every module of the package, including
``import_module`` calls with a literal name.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Imported only where an optional extra is installed, each behind a plain sentence.
OPTIONAL = {
    "moto": "demo",  # contexts.demo_storage: without it the demo simulates its storage
    "psycopg": "postgres",  # the relay's PostgreSQL store: SQLite otherwise
}


def imported_packages() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "recorder_gui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "recorder_gui"}


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower()


def installed_closure(names: set[str]) -> set[str]:
    """``names`` and every distribution they require at run time (no extras), lower case."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [requirement_name(r) for r in requires if "extra ==" not in r]
    return {n.replace("_", "-") for n in seen}


def test_every_imported_package_is_installed_with_the_app() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = installed_closure({requirement_name(r) for r in project["dependencies"]})
    providers = metadata.packages_distributions()
    missing = {}
    for package in sorted(imported_packages()):
        if package in OPTIONAL:
            extra = project["optional-dependencies"][OPTIONAL[package]]
            assert any(requirement_name(r) == package for r in extra), (package, extra)
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(package, [package])}
        if not dists & runtime:
            missing[package] = sorted(dists)
    assert missing == {}, f"imported but not a dependency of the app: {missing}"


def test_the_check_reads_names_given_to_import_module() -> None:
    assert {"boto3", "m3u8", "moto"} <= imported_packages()


def test_the_bundle_names_what_the_app_imports_by_name() -> None:
    """PyInstaller cannot see ``import_module("x")``: the spec must name each such module of a
    dependency (the optional extras stay out of the bundle on purpose)."""
    by_name: set[str] = set()
    for path in (ROOT / "recorder_gui").rglob("*.py"):
        by_name.update(re.findall(r'import_module\("([\w.]+)"\)', path.read_text(encoding="utf-8")))
    spec = (ROOT / "packaging" / "pyinstaller" / "recorder-gui.spec").read_text()
    needed = sorted(m for m in by_name if m.split(".")[0] not in OPTIONAL)
    assert needed, "no module imported by name: the check would pass vacuously"
    assert [m for m in needed if f'"{m}"' not in spec] == []
