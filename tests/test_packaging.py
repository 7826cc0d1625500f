"""Shipping, without building the bundle: the command line's --version and --help, the menu
entry and AppStream files, install.sh/uninstall.sh on a fake bundle, the icon renderer.

The bundle itself is built and run by ``make bundle-smoke`` (packaging/smoke.py).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import recorder_gui
from recorder_gui import cli

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.recorder_gui.RecorderGui"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
BIN = Path(sys.executable).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def _no_display_env() -> dict[str, str]:
    """The test's environment with no display at all: a QApplication would abort here."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["QT_QPA_PLATFORM"] = "xcb"  # no X server: creating a QApplication would fail loudly
    return env


def _script(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed in this environment ({BIN})")
    return path


# -- --version and --help -----------------------------------------------------------------------
def test_versions_agree() -> None:
    assert recorder_gui.__version__ == VERSION
    assert recorder_gui.distribution_version() == VERSION
    assert cli.version_text() == f"recorder-gui {VERSION}"


@pytest.mark.parametrize("name", ["recorder-gui", "recorder-gui-emulator"])
def test_version_from_the_installed_script_needs_no_display(name: str) -> None:
    result = subprocess.run(
        [str(_script(name)), "--version"],
        capture_output=True,
        text=True,
        env=_no_display_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{name} {VERSION}\n"


def test_help_from_the_installed_script() -> None:
    result = subprocess.run(
        [str(_script("recorder-gui")), "--help"],
        capture_output=True,
        text=True,
        env=_no_display_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == cli.build_parser().format_help()


def test_version_from_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.build_parser().parse_args(["--version"])
    assert exited.value.code == 0
    out, err = capsys.readouterr()
    assert (out, err) == (f"recorder-gui {VERSION}\n", "")


def test_version_falls_back_to_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert recorder_gui.distribution_version() == recorder_gui.__version__


def test_help_explains_every_option_with_examples() -> None:
    text = cli.build_parser().format_help()
    for option in ("--demo", "--screenshot PATH", "--window-size WxH", "--profile NAME"):
        assert option in text
    assert "--version" in text
    assert "examples:" in text
    assert "recorder-gui --demo\n" in text
    assert "QT_QPA_PLATFORM=offscreen" in text  # how to take a screenshot with no display
    assert "1366x768" in text
    # Every option has a sentence, not just a name.
    parser = cli.build_parser()
    for action in parser._actions:
        assert action.help and len(action.help) > 15, action.option_strings


def test_parser_still_parses_what_the_app_reads(tmp_path: Path) -> None:
    args = cli.build_parser().parse_args(
        ["--demo", "--screenshot", str(tmp_path / "x.png"), "--window-size", "1366x768"]
    )
    assert args.demo is True
    assert args.screenshot == tmp_path / "x.png"
    assert args.window_size == (1366, 768)
    assert args.profile is None
    assert not hasattr(args, "version")


def test_emulator_parser_has_version(capsys: pytest.CaptureFixture[str]) -> None:
    from recorder_gui.emulator.__main__ import build_parser

    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"recorder-gui-emulator {VERSION}\n"


# -- menu entry and AppStream ---------------------------------------------------------------------
def _desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_entry_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    gui_script = next(iter(PYPROJECT["project"]["gui-scripts"]))
    assert entry["Exec"].split()[0] == gui_script == "recorder-gui"
    assert entry["TryExec"] == "recorder-gui"  # install.sh makes both absolute
    assert entry["Icon"] == APP_ID
    categories = entry["Categories"].rstrip(";").split(";")
    assert "AudioVideo" in categories
    assert entry["Terminal"] == "false"


def test_metainfo_matches_the_desktop_entry_and_the_package() -> None:
    root = _metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("project_license") == PYPROJECT["project"]["license"]
    binaries = [b.text for b in root.iterfind("provides/binary")]
    assert "recorder-gui" in binaries
    rating = root.find("content_rating")
    assert rating is not None
    assert rating.get("type") == "oars-1.1"
    categories = {c.text for c in root.iterfind("categories/category")}
    assert categories <= set(_desktop_entry()["Categories"].rstrip(";").split(";"))


def test_metainfo_newest_release_is_the_package_version() -> None:
    releases = _metainfo().findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == VERSION
    for release in releases:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.get("date") or "")


def test_metainfo_screenshots_are_the_projects_own() -> None:
    images = [i.text or "" for i in _metainfo().iterfind("screenshots/screenshot/image")]
    assert images
    homepage = next(u.text for u in _metainfo().iterfind("url") if u.get("type") == "homepage")
    for url in images:
        assert url.startswith("https://")
        repo_path = url.split("/main/", 1)[1]  # .../<owner>/<repo>/main/<path in the repo>
        assert (ROOT / repo_path).is_file(), f"{url} names no file of this repository"
        owner_repo = "/".join(homepage.rstrip("/").split("/")[-2:])
        assert owner_repo in url


def test_flatpak_manifest_names_the_same_app() -> None:
    manifest = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
    text = manifest.read_text(encoding="utf-8")
    assert f"app-id: {APP_ID}\n" in text
    assert "base: io.qt.PySide.BaseApp" in text
    assert "--talk-name=org.freedesktop.secrets" in text
    assert "--share=network" in text


def _validator(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} is not installed (bash .ci/system-deps.sh installs it)")
    return tool


def _validate_desktop(path: Path) -> None:
    tool = _validator("desktop-file-validate")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no warnings either


def test_desktop_file_validates() -> None:
    _validate_desktop(DESKTOP)


def test_metainfo_validates() -> None:
    tool = _validator("appstreamcli")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]:", result.stdout, re.M), result.stdout


# -- install.sh / uninstall.sh --------------------------------------------------------------------
SIZES = (16, 32, 48, 64, 128, 256)


def _fake_bundle(where: Path) -> Path:
    """The layout `make bundle` makes, with shell scripts for executables."""
    bundle = where / "recorder-gui"
    (bundle / "_internal" / "sub").mkdir(parents=True)
    (bundle / "_internal" / "sub" / "lib.so").write_bytes(b"\0" * 100)
    os.symlink("sub/lib.so", bundle / "_internal" / "lib.so")
    for name in ("recorder-gui", "recorder-gui-emulator"):
        exe = bundle / name
        exe.write_text(f'#!/bin/sh\necho "{name} fake $*"\n', encoding="utf-8")
        exe.chmod(0o755)
    share = bundle / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(DESKTOP, share / "applications" / DESKTOP.name)
    (share / "metainfo").mkdir()
    shutil.copy(METAINFO, share / "metainfo" / METAINFO.name)
    for size in SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        icon.parent.mkdir(parents=True)
        icon.write_bytes(b"\x89PNG\r\n\x1a\n fake")
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.parent.mkdir(parents=True)
    shutil.copy(ROOT / "recorder_gui" / "assets" / "app-icon.svg", svg)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(LINUX / script, bundle / script)
        (bundle / script).chmod(0o755)
    return bundle


class Target:
    """A PREFIX and XDG_DATA_HOME under a temporary folder, and the scripts run against it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = root / "home" / ".local"
        self.data = self.prefix / "share"
        self.bindir = self.prefix / "bin"
        self.appdir = self.data / "recorder-gui"
        self.desktop = self.data / "applications" / DESKTOP.name

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root / "home"),
            "PREFIX": str(self.prefix),
            "XDG_DATA_HOME": str(self.data),
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", *map(str, args)],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=60,
            check=False,
        )

    def tree(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*"))


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return _fake_bundle(tmp_path / "unpacked")


@pytest.fixture
def target(tmp_path: Path) -> Target:
    root = tmp_path / "target"
    root.mkdir()
    return Target(root)


def _installed_exec(target: Target) -> str:
    return _desktop_entry(target.desktop)["Exec"]


def test_install_then_uninstall_leaves_nothing(bundle: Path, target: Target) -> None:
    result = target.run(bundle / "install.sh")
    assert result.returncode == 0, result.stdout + result.stderr

    launcher = target.bindir / "recorder-gui"
    assert launcher.is_symlink()
    assert os.readlink(launcher) == str(target.appdir / "recorder-gui")
    ran = subprocess.run([str(launcher), "--demo"], capture_output=True, text=True, check=True)
    assert ran.stdout == "recorder-gui fake --demo\n"
    assert (target.bindir / "recorder-gui-emulator").is_symlink()
    # The bundle, symlinks inside it kept as symlinks.
    assert (target.appdir / "_internal" / "lib.so").is_symlink()
    assert (target.appdir / "uninstall.sh").is_file()
    # The menu entry points at the installed executable.
    assert _installed_exec(target) == str(target.appdir / "recorder-gui")
    assert _desktop_entry(target.desktop)["TryExec"] == str(target.appdir / "recorder-gui")
    assert _desktop_entry(target.desktop)["Icon"] == APP_ID
    with_demo = target.desktop.read_text(encoding="utf-8")
    assert f"Exec={target.appdir / 'recorder-gui'} --demo\n" in with_demo
    for size in SIZES:
        icon = target.data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.is_file()
        assert stat.S_IMODE(icon.stat().st_mode) == 0o644
    assert (target.data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (target.data / "metainfo" / METAINFO.name).is_file()
    if shutil.which("desktop-file-validate"):
        _validate_desktop(target.desktop)

    result = target.run(target.appdir / "uninstall.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.tree() == []


def test_reinstall_replaces_the_earlier_install(bundle: Path, target: Target) -> None:
    assert target.run(bundle / "install.sh").returncode == 0
    (target.appdir / "stale-file-of-the-old-version").write_text("x", encoding="utf-8")
    result = target.run(bundle / "install.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (target.appdir / "stale-file-of-the-old-version").exists()
    assert target.run(target.appdir / "uninstall.sh").returncode == 0
    assert target.tree() == []


def test_uninstall_keeps_what_was_there_before(bundle: Path, target: Target) -> None:
    other = target.data / "applications" / "other-app.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n", encoding="utf-8")
    (target.bindir).mkdir(parents=True)
    before = target.tree()
    assert target.run(bundle / "install.sh").returncode == 0
    assert target.run(target.appdir / "uninstall.sh").returncode == 0
    assert target.tree() == before
    assert other.read_text(encoding="utf-8") == "[Desktop Entry]\n"


def test_install_refuses_to_overwrite_a_foreign_launcher(bundle: Path, target: Target) -> None:
    target.bindir.mkdir(parents=True)
    foreign = target.bindir / "recorder-gui"
    foreign.write_text("#!/bin/sh\necho pipx\n", encoding="utf-8")
    before = target.tree()
    result = target.run(bundle / "install.sh")
    assert result.returncode != 0
    assert "exists already" in result.stderr
    assert target.tree() == before
    assert foreign.read_text(encoding="utf-8") == "#!/bin/sh\necho pipx\n"


def test_install_from_the_source_tree_with_a_bundle_argument(bundle: Path, target: Target) -> None:
    result = target.run(LINUX / "install.sh", bundle)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target.appdir / "recorder-gui").is_file()
    assert target.run(LINUX / "uninstall.sh").returncode == 0
    assert target.tree() == []


def test_install_quotes_a_path_with_spaces(tmp_path: Path, bundle: Path) -> None:
    root = tmp_path / "with space"
    root.mkdir()
    target = Target(root)
    assert target.run(bundle / "install.sh").returncode == 0
    assert _installed_exec(target) == f'"{target.appdir / "recorder-gui"}"'
    if shutil.which("desktop-file-validate"):
        _validate_desktop(target.desktop)
    assert target.run(target.appdir / "uninstall.sh").returncode == 0
    assert target.tree() == []


def test_install_needs_a_bundle(tmp_path: Path, target: Target) -> None:
    result = target.run(LINUX / "install.sh", tmp_path)
    assert result.returncode != 0
    assert "no recorder-gui executable" in result.stderr
    assert target.tree() == []


def test_uninstall_without_an_install_says_so(target: Target) -> None:
    result = target.run(LINUX / "uninstall.sh")
    assert result.returncode != 0
    assert "no install of recorder-gui" in result.stderr


# -- icons, spec, build settings ------------------------------------------------------------------
def test_render_icons(tmp_path: Path) -> None:
    sys.path.insert(0, str(LINUX))
    try:
        import render_icons
    finally:
        sys.path.remove(str(LINUX))
    written = render_icons.render(tmp_path)
    for size in SIZES:
        png = tmp_path / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png in written
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(head[16:20], "big") == int.from_bytes(head[20:24], "big") == size
    assert (tmp_path / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_spec_is_python_and_names_its_entry_scripts() -> None:
    spec = ROOT / "packaging" / "pyinstaller" / "recorder-gui.spec"
    text = spec.read_text(encoding="utf-8")
    compile(text, str(spec), "exec")
    for entry in re.findall(r'os\.path\.join\(HERE, "([^"]+)"\)', text):
        assert (spec.parent / entry).is_file(), entry
    assert 'copy_metadata("keyring")' in text
    assert 'collect_submodules("recorder_gui"' in text
    assert '"psycopg"' in text


def test_bundle_extra_and_package_data() -> None:
    project = PYPROJECT["project"]
    bundle = " ".join(project["optional-dependencies"]["bundle"])
    for tool in ("pyinstaller>=6.10", "build", "twine"):
        assert tool in bundle
    assert "assets/*" in PYPROJECT["tool"]["setuptools"]["package-data"]["recorder_gui"]
    assert {"recorder-gui-emulator", "recorder-gui-relay"} <= set(project["scripts"])
