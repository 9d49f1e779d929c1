"""Label layout files in labels/: a variant is a new file, and mistakes are named with their place."""

import copy
import io
import json

import pytest
from flask import Flask
from pypdf import PdfReader

from hazchem.render import label_layouts
from hazchem.render.label_layouts import LayoutFileError, load_layout
from hazchem.render.labels import label_pdf, label_png, label_size_mm
from tests.render.test_labels import MIN_TEXT_MM, label, page_sides, printed_text

NATIONAL = json.loads((label_layouts.LAYOUTS_DIR / "hj1276-2022.json").read_text(encoding="utf-8"))


def provincial() -> dict:
    """A made-up provincial variant: own title and colours, no 备注, 250 mm labels over 1000 L."""
    variant = copy.deepcopy(NATIONAL)
    variant["name"] = "示例省危险废物标签"
    variant["colours"]["background"] = "#FFD700"
    variant["labels_per_container"] = {"over_volume_l": 200, "count": 2}
    for size in variant["sizes"]:
        size["title"]["text"] = "危险废物（示例省）"
        size["title"]["text_mm"] = size["min_text_mm"] * 1.5
        size["fields"] = [f for f in size["fields"] if f["key"] != "remarks"]
        size["fields"][0]["caption"] = "废物名"
    largest = copy.deepcopy(variant["sizes"][-1])
    variant["sizes"][-1]["max_volume_l"] = 1000
    largest["side_mm"] = 250
    largest["min_text_mm"] = 7.0
    scale = 250 / 200
    for key in ("title", "hazards", "qr"):
        largest[key]["area"] = [round(v * scale, 2) for v in largest[key]["area"]]
    largest["rules"] = [[round(v * scale, 2) for v in rule] for rule in largest["rules"]]
    for f in largest["fields"]:
        f["area"] = [round(v * scale, 2) for v in f["area"]]
    largest["margin_mm"], largest["border_mm"] = 3.75, 1.25
    variant["sizes"].append(largest)
    return variant


@pytest.fixture
def labels_dir(tmp_path, monkeypatch):
    """labels/ with the national layout and a provincial variant beside it."""
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "hj1276-2022.json").write_text(json.dumps(NATIONAL, ensure_ascii=False), encoding="utf-8")
    (folder / "example-province.json").write_text(
        json.dumps(provincial(), ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.setattr(label_layouts, "LAYOUTS_DIR", folder)
    return folder


def test_a_provincial_variant_is_printed_from_its_file_alone(labels_dir):
    pdf = label_pdf([label(10), label(300), label(2000)], template="example-province")
    # 300 L is over the variant's 200 L: two copies; 2000 L is on its own 250 mm size, also twice.
    assert page_sides(pdf) == [100, 150, 150, 250, 250]
    for side, runs in zip(page_sides(pdf), printed_text(pdf), strict=True):
        min_mm = {**MIN_TEXT_MM, 250: 7.0}[side]
        assert all(height >= min_mm - 0.01 for _, height in runs)
        text = "".join(t for t, _ in runs)
        assert "危险废物（示例省）" in text and "废物名：废矿物油" in text
        assert "备注" not in text and "试点批次" not in text
    assert label_size_mm(2000, "example-province") == (250, 250)
    assert label_size_mm(2000) == (200, 200)  # the national file is untouched
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert b"1 .843137 0 rg" in page.get_contents().get_data()  # the variant's #FFD700 background
    assert label_png(label(10), template=labels_dir / "example-province.json").startswith(b"\x89PNG")


def test_the_national_layout_is_the_default_and_is_valid():
    layout = load_layout()
    assert [s.side_mm for s in layout.sizes] == [100, 150, 200]
    assert [s.min_text_mm for s in layout.sizes] == [3.0, 5.0, 6.0]
    assert (layout.copies_for(450), layout.copies_for(451)) == (1, 2)


def broken(change):
    variant = copy.deepcopy(NATIONAL)
    change(variant)
    return variant


def _set(path, value):
    def change(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        doc[last] = value

    return change


def _delete(path):
    def change(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        del doc[last]

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["format"], 2), r"format: must be 1"),
        (_delete(["colours", "text"]), r"colours: misses text"),
        (_set(["colours", "background"], "orange"), r"colours.background: must be a colour like #FF9600"),
        (
            _set(["sizes", 0, "fields", 0, "key"], "address"),
            r"sizes\[0\].fields\[0\].key: 'address' is not one of",
        ),
        (_set(["sizes", 0, "fields", 1, "key"], "name"), r"sizes\[0\].fields\[1\].key: 'name' appears twice"),
        (
            _set(["sizes", 0, "fields", 0, "area"], [5.6, 17.2, 95, 9]),
            r"sizes\[0\].fields\[0\].area: must lie inside",
        ),
        (
            _set(["sizes", 1, "fields", 3, "area"], [6.4, 43.1, 86.4, 5]),
            r"sizes\[1\].fields\[3\].area: is 5 mm high",
        ),
        (_set(["sizes", 1, "fields", 3, "area"], [6.4, 43.1, 86.4]), r"must be a list of 4 numbers"),
        (_set(["sizes", 2, "min_text_mm"], 0), r"sizes\[2\].min_text_mm: must be above 0"),
        (_set(["sizes", 2, "max_volume_l"], 5000), r"sizes\[2\].max_volume_l: the largest size must be null"),
        (_set(["sizes", 1, "max_volume_l"], 20), r"sizes\[1\]: sizes must grow"),
        (_set(["sizes", 0, "title", "text_mm"], 2), r"sizes\[0\].title.text_mm: must be between"),
        (_set(["sizes", 0, "colour"], "#000000"), r"sizes\[0\]: has unknown key\(s\) colour"),
        (_set(["labels_per_container", "count"], 0), r"labels_per_container.count: must be 1 to 4"),
    ],
)
def test_a_mistake_in_a_layout_file_is_named_with_its_place(tmp_path, change, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(broken(change), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LayoutFileError, match=message) as caught:
        load_layout(path)
    assert str(path) in caught.value.message


def test_a_missing_or_unreadable_file_says_so(tmp_path, labels_dir):
    with pytest.raises(LayoutFileError, match=r"labels/nowhere.json does not exist.*example-province"):
        load_layout("nowhere")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(LayoutFileError, match="not readable as JSON"):
        load_layout(tmp_path / "bad.json")


def test_the_app_refuses_to_start_with_a_broken_layout_file(tmp_path):
    from hazchem.appctx import configure

    path = tmp_path / "bad.json"
    path.write_text(json.dumps(broken(_set(["sizes", 0, "min_text_mm"], -3))), encoding="utf-8")
    with pytest.raises(LayoutFileError, match="min_text_mm"):
        configure(Flask(__name__), {"SECRET_KEY": "x", "LABEL_LAYOUT_FILE": str(path)})
