"""The desktop bundle's static files agree with each other and with the code (fast; no build).

The build itself and the frozen app's smoke run are in test_desktop_bundle.py (slow, opt-in).
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.prefdesk.Prefdesk"
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SPEC = ROOT / "packaging" / "desktop" / "prefdesk.spec"
FIRST_PARTY = ("app", "widgets", "storage", "sync", "guidelines", "server", "taskpack", "protocol")
#: Files no running code reads: type-checker markers, sources the bundle leaves out on purpose.
NOT_READ_AT_RUN_TIME = {"py.typed"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def spec_constant(name: str) -> object:
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} has no literal {name}")


def spec_executable_name() -> str:
    names = re.findall(r'^\s*name="([^"]+)"', SPEC.read_text(encoding="utf-8"), re.MULTILINE)
    assert names, "the spec names no executable"
    return names[0]


def test_desktop_entry_launches_the_bundled_executable_with_the_app_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == spec_executable_name() == "prefdesk"
    assert entry["Terminal"] == "false"
    # The GUI takes no file arguments: a field code would hand it paths argparse rejects.
    assert "%" not in entry["Exec"]


def test_metainfo_agrees_with_the_desktop_entry() -> None:
    entry = desktop_entry()
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    names = {name.get(XML_LANG): name.text for name in root.findall("name")}
    assert names[None] == entry["Name"]
    assert names["zh-CN"] == entry["Name[zh_CN]"]
    assert root.findtext("provides/binary") == entry["Exec"].split()[0]
    categories = {category.text for category in root.findall("categories/category")}
    assert categories == set(filter(None, entry["Categories"].split(";")))


def test_metainfo_release_matches_the_project_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    releases = [release.get("version") for release in metainfo().findall("releases/release")]
    assert releases[0] == version


def test_icon_is_a_256_pixel_png_named_by_the_app_id() -> None:
    icon = LINUX / f"{APP_ID}.png"
    header = icon.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (256, 256)
    assert (LINUX / f"{APP_ID}.svg").is_file()
    assert f"packaging/linux/{APP_ID}.png" in SPEC.read_text(encoding="utf-8")


def test_windows_and_macos_icons_hold_every_size_their_platforms_ask_for() -> None:
    from PIL import Image

    with Image.open(ROOT / "packaging/windows/prefdesk.ico") as ico:
        assert ico.format == "ICO"
        assert {16, 24, 32, 48, 256} <= {width for width, _height in ico.info["sizes"]}
    with Image.open(ROOT / "packaging/macos/Prefdesk.icns") as icns:
        assert icns.format == "ICNS"
        assert icns.size == (1024, 1024)  # 512 px at 2x, for Retina displays
    spec = SPEC.read_text(encoding="utf-8")
    assert "packaging/windows/prefdesk.ico" in spec
    assert "packaging/macos/Prefdesk.icns" in spec


def test_windows_version_resource_says_the_project_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    text = (ROOT / "packaging/windows/version_info.txt").read_text(encoding="utf-8")
    numbers = (*(int(part) for part in version.split(".")), 0)
    for field in ("filevers", "prodvers"):
        assert f"{field}={numbers}" in text
    for field in ("FileVersion", "ProductVersion"):
        assert f'StringStruct("{field}", "{version}")' in text
    assert "packaging/windows/version_info.txt" in SPEC.read_text(encoding="utf-8")


def test_the_windows_start_menu_program_is_windowed_with_a_console_twin() -> None:
    # A console program on Windows opens a console window beside the app.
    spec = SPEC.read_text(encoding="utf-8")
    assert 'executable("prefdesk", console=not on_windows)' in spec
    assert 'executable("prefdesk-cli", console=True)' in spec


def test_spec_ships_every_folder_the_code_reads_files_from() -> None:
    folders = spec_constant("DATA_FOLDERS")
    assert isinstance(folders, list)
    for folder in folders:
        assert (ROOT / folder).is_dir(), f"{folder} in the spec does not exist"
    unshipped = set()
    for package in FIRST_PARTY:
        for path in (ROOT / package).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            shipped = any(relative.startswith(f"{folder}/") for folder in folders)
            # Alembic reads env.py and versions/*.py from disk, so a migrations folder is data.
            is_data = path.suffix not in {".py", ".pyc"} or "migrations" in path.parts
            if is_data and path.name not in NOT_READ_AT_RUN_TIME and not shipped:
                unshipped.add(relative)
    assert not unshipped, f"add their folders to DATA_FOLDERS in {SPEC.name}: {sorted(unshipped)}"


def test_makefile_has_the_package_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert phony is not None
    for target in ("package", "package-check"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"no `make {target}`"
        assert target in phony.group(1).split()
    assert "packaging/desktop/build.py" in makefile


def test_packaging_tool_is_its_own_locked_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert any(dep.startswith("pyinstaller") for dep in extras["package"])
    # `make test` installs the dev extra: it must not pull in the bundler.
    assert not any(dep.startswith("pyinstaller") for dep in extras["dev"])
    lock = (ROOT / "requirements-package.lock").read_text(encoding="utf-8")
    assert re.search(r"^pyinstaller==\S+ \\\n\s+--hash=sha256:", lock, re.MULTILINE)
    assert "pyinstaller" not in (ROOT / "requirements.lock").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("tool", "arguments", "target"),
    [
        ("desktop-file-validate", [], DESKTOP_FILE),
        ("appstreamcli", ["validate", "--no-net"], METAINFO),
    ],
)
def test_linux_metadata_passes_its_validator(tool: str, arguments: list[str], target: Path) -> None:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils appstream)")
    done = subprocess.run(
        [found, *arguments, str(target)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
