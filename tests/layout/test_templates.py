"""Templates: round trips, built-ins adapted to the canvas, hostile files refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from recorder_gui.layout import (
    BUILTIN_TEMPLATES,
    Layout,
    LayoutDocument,
    LayoutMode,
    Region,
    Template,
    TemplateError,
    apply_template,
    builtin_template,
    dump_template,
    load_template,
    load_template_file,
    save_template_file,
)
from recorder_gui.layout.shapes import adapt_to_canvas
from recorder_gui.layout.templates import MAX_TEMPLATE_BYTES
from recorder_gui.layout.validation import problems

from .strategies import layouts

SIZES = [(1920, 1080), (360, 640), (640, 480), (1080, 1080)]


@given(layouts())
def test_round_trip(layout: Layout) -> None:
    template = Template("my layout", layout)
    assert load_template(dump_template(template)) == template
    assert load_template(dump_template(template).encode()) == template


def test_file_round_trip(tmp_path: Path) -> None:
    template = builtin_template("grid 2x2", 1280, 720)
    folder = tmp_path / "templates"
    folder.mkdir()
    path = folder / "grid.json"
    save_template_file(template, path)
    assert load_template_file(path) == template
    assert [p.name for p in folder.iterdir()] == ["grid.json"]
    with pytest.raises(TemplateError, match="cannot read"):
        load_template_file(tmp_path / "missing.json")


@pytest.mark.parametrize("name", BUILTIN_TEMPLATES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_builtins_are_valid_custom_layouts(name: str, width: int, height: int) -> None:
    layout = builtin_template(name, width, height).layout
    assert layout.mode is LayoutMode.CUSTOM and problems(layout) == []
    assert (layout.canvas_width, layout.canvas_height) == (width, height)
    assert all(r.uid is None for r in layout.regions)


def test_builtin_shapes() -> None:
    assert set(BUILTIN_TEMPLATES) == {
        "grid 2x2",
        "picture in picture",
        "side by side",
        "speaker + strip",
    }
    for width, height in SIZES:
        inset = builtin_template("picture in picture", width, height).layout.regions[1]
        assert inset.width * width == pytest.approx(inset.height * height, abs=1)
        assert inset.right < 1 and inset.bottom < 1
    wide = builtin_template("speaker + strip", 1920, 1080).layout.regions
    assert wide[0].rect == (0.0, 0.0, 1.0, 0.75) and len(wide) == 5
    tall = builtin_template("side by side", 360, 640).layout.regions
    assert tall[0].height < 1 and tall[0].y == tall[1].y > 0
    with pytest.raises(TemplateError, match="no built-in"):
        builtin_template("mosaic", 640, 360)


def test_adapt_keeps_insets_square_in_pixels() -> None:
    layout = builtin_template("picture in picture", 1920, 1080).layout
    adapted = adapt_to_canvas(layout, 360, 640)
    main, inset = adapted.regions
    assert main.rect == (0.0, 0.0, 1.0, 1.0)
    assert inset.width * 360 == pytest.approx(inset.height * 640, abs=1)
    assert inset.right > 0.9 and inset.bottom > 0.9
    assert adapt_to_canvas(layout, 1280, 720).regions == layout.regions


def test_apply_template_to_document() -> None:
    doc = LayoutDocument(Layout(canvas_width=360, canvas_height=640))
    template = builtin_template("picture in picture", 1920, 1080)
    change = apply_template(doc, template)
    assert change is not None and doc.layout.canvas_width == 360
    assert doc.layout.regions[1].width * 360 == pytest.approx(
        doc.layout.regions[1].height * 640, abs=1
    )


def valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dump_template(builtin_template("side by side", 640, 360)))
    return data


def region_count(n: int) -> dict[str, Any]:
    doc = valid()
    doc["layout"]["regions"] = [dict(doc["layout"]["regions"][0], uid=None)] * n
    return doc


def edited(path: str, value: Any) -> dict[str, Any]:
    doc = valid()
    keys = path.split(".")
    target: Any = doc
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[keys[-1] if isinstance(target, dict) else int(keys[-1])] = value
    return doc


HOSTILE: list[tuple[str, str | bytes]] = [
    ("larger than 256 KiB", " " * (MAX_TEMPLATE_BYTES + 1)),
    ("not UTF-8", b"\xff\xfe{}"),
    ("not valid JSON", "{"),
    ("not valid JSON", ""),
    ("nests deeper", "[" * 100000 + "]" * 100000),
    ("nests deeper", json.dumps(edited("name", [[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]))),
    ("NaN", json.dumps(valid()).replace('"x": 0.5', '"x": NaN')),
    ("Infinity", json.dumps(valid()).replace('"x": 0.5', '"x": -Infinity')),
    ("too large", json.dumps(valid()).replace('"x": 0.5', '"x": 1e999')),
    ("integer too long", json.dumps(valid()).replace('"width": 640', '"width": ' + "9" * 5000)),
    ("appears twice", '{"schema": 1, "schema": 2}'),
    ("expected a JSON object", "[]"),
    ("not a recorder-gui layout template", "{}"),
    ("version 2", json.dumps(edited("version", 2))),
    ("version True", json.dumps(edited("version", True))),
    ("malformed: layout.regions.0.x", json.dumps(edited("layout.regions.0.x", "0.5"))),
    ("malformed: layout.regions.0.x", json.dumps(edited("layout.regions.0.x", True))),
    ("malformed: layout.regions", json.dumps(region_count(18))),
    ("malformed: layout.regions.0.uid", json.dumps(edited("layout.regions.0.uid", 1001))),
    ("malformed: layout.extra", json.dumps(edited("layout.extra", 1))),
    ("malformed: layout.mode", json.dumps(edited("layout.mode", 3))),
    ("malformed: name", json.dumps(edited("name", ""))),
    ("control characters", json.dumps(edited("name", "a\x1b[2Jb"))),
    ("not valid: regions[0].x", json.dumps(edited("layout.regions.0.x", 0.9))),
    ("not valid: regions[0].uid", json.dumps(edited("layout.regions.0.uid", "0"))),
    ("not valid: canvas", json.dumps(edited("canvas.width", 100000))),
    ("not valid: background_image", json.dumps(edited("layout.background_image", "file:///x"))),
    ("not valid: regions", json.dumps(region_count(0))),
]


@pytest.mark.parametrize(("reason", "data"), HOSTILE)
def test_hostile_files_refused_and_change_nothing(
    reason: str, data: str | bytes, tmp_path: Path
) -> None:
    doc = LayoutDocument(Layout(mode=LayoutMode.CUSTOM, regions=(Region("1", 0, 0, 1, 1),)))
    before = doc.layout
    heard: list[object] = []
    doc.subscribe(heard.append)
    with pytest.raises(TemplateError) as info:
        apply_template(doc, load_template(data))
    assert reason in str(info.value)
    assert doc.layout is before and heard == []
    path = tmp_path / "t.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    with pytest.raises(TemplateError):
        load_template_file(path)


def test_dump_refuses_invalid() -> None:
    with pytest.raises(TemplateError, match="1-80"):
        dump_template(Template("", Layout()))
    with pytest.raises(TemplateError, match="invalid layout"):
        dump_template(Template("x", Layout(mode=LayoutMode.CUSTOM)))
