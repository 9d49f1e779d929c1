"""Importers against a real migrated database, on the shipped official tables and on small bad files."""

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from hazchem.domain.errors import InvalidInput
from hazchem.models import CatalogueEdition, Chemical, Event, TreatmentMethod, WasteCategory, WasteCode
from hazchem.services.lists import importers, shipped

CHEMICALS_2015 = importers.CATALOGUE_DIR / "chemicals-2015.csv"
EXPLOSIVE_2017 = importers.CATALOGUE_DIR / "companion-explosive-2017.csv"
DRUG = importers.CATALOGUE_DIR / "companion-drug.csv"
HEADER = ["序号", "品名", "别名", "CAS号", "备注"]
WASTE_HEADER = ["废物类别", "行业来源", "废物代码", "危险废物", "危险特性"]


def write_csv(path: Path, rows, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture
def official(session):
    """The shipped 2015 catalogue, imported once for the test."""
    return importers.import_chemicals(session=session, actor=None, path=CHEMICALS_2015)


def test_official_catalogue_imports_every_serial_and_variant(session, official):
    assert official.created == 2997 and official.rejected == []
    assert count(session, Chemical) == 2997
    serials = session.exec(select(func.count(func.distinct(Chemical.serial)))).one()
    assert serials == 2825
    assert count(session, Chemical, Chemical.highly_toxic) == 149
    toxic_serials = session.exec(
        select(func.count(func.distinct(Chemical.serial))).where(Chemical.highly_toxic)
    )
    assert toxic_serials.one() == 148
    naoh = session.exec(select(Chemical.name).where(Chemical.serial == 1669).order_by(Chemical.name)).all()
    assert naoh == ["氢氧化钠", "氢氧化钠溶液[含量≥30%]"]
    assert count(session, Chemical, func.length(Chemical.search_text) > 0) == 2997
    edition = session.exec(select(CatalogueEdition).where(CatalogueEdition.list_name == "chemicals")).one()
    assert str(edition.effective_date) == "2015-05-01"


def test_official_catalogue_reports_gaps_and_entry_2828(session, official):
    gaps = sorted(i.value for i in official.doubts if "serial gap" in i.message)
    assert gaps == ["1951", "2008", "717"]
    footnote = [i for i in official.doubts if "CAS" in i.message]
    assert len(footnote) == 1 and footnote[0].row == 3002
    entry = session.exec(select(Chemical).where(Chemical.serial == 2828)).one()
    assert entry.cas_numbers == [] and entry.name.startswith("含易燃溶剂的合成树脂")
    assert "4 doubts" in official.summary()


def test_reimport_changes_nothing(session, official):
    events = count(session, Event)
    again = importers.import_chemicals(session=session, actor=None, path=CHEMICALS_2015)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2997)
    assert count(session, Event) == events == 1
    assert len(again.doubts) == len(official.doubts)


def test_companion_lists_set_flags_and_report_unmatched(session, official):
    explosive = importers.import_companion(session=session, actor=None, path=EXPLOSIVE_2017, kind="explosive")
    nitric = session.exec(select(Chemical).where(Chemical.name == "硝酸")).one()
    assert nitric.explosive_precursor and nitric.cas_numbers == ["7697-37-2"]
    perchloric = session.exec(select(Chemical).where(Chemical.search_text.like("%|7601-90-3|%"))).all()
    assert perchloric and all(c.explosive_precursor for c in perchloric)
    assert [i.row for i in explosive.doubts] == [96] and "双（羟甲基）" in explosive.doubts[0].value
    assert not session.exec(select(Chemical).where(Chemical.name == "甲醇")).one().explosive_precursor
    # The list names only the concentrated variant of entry 883; the diluted one is not flagged.
    dicumyl = dict(
        session.exec(select(Chemical.name, Chemical.explosive_precursor).where(Chemical.serial == 883)).all()
    )
    assert dicumyl == {
        "过氧化二异丙苯[52%＜含量≤100%]": True,
        "过氧化二异丙苯[含量≤52%,含惰性固体≥48%]": False,
    }
    zirconium = dict(
        session.exec(select(Chemical.name, Chemical.explosive_precursor).where(Chemical.serial == 1215)).all()
    )
    assert zirconium == {"金属锆": True, "金属锆粉[干燥的]": True}

    drug = importers.import_companion(session=session, actor=None, path=DRUG, kind="drug")
    classes = dict(
        session.exec(
            select(Chemical.name, Chemical.drug_precursor_class).where(
                Chemical.name.in_(["甲苯", "乙醚", "盐酸"])
            )
        ).all()
    )
    assert classes == {"甲苯": "第三类", "乙醚": "第二类", "盐酸": "第三类"}
    butanone = session.exec(select(Chemical).where(Chemical.name == "2-丁酮")).one()
    assert butanone.drug_precursor_class == "第三类"
    assert any(i.value == "胡椒醛" for i in drug.doubts)

    again = importers.import_companion(session=session, actor=None, path=DRUG, kind="drug")
    assert again.updated == 0 and again.unchanged == drug.updated + drug.unchanged


def test_cas_shared_by_variants_flags_only_the_variant_named(session, tmp_path):
    catalogue = write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            ["883", "过氧化二异丙苯[52%＜含量≤100%]", "", "80-43-3", ""],
            ["883", "过氧化二异丙苯[含量≤52%,含惰性固体≥48%]", "", "80-43-3", ""],
            ["1215", "金属锆", "", "7440-67-7", ""],
            ["1215", "金属锆粉[干燥的]", "", "7440-67-7", ""],
        ],
    )
    importers.import_chemicals(session=session, actor=None, path=catalogue)
    listed = write_csv(
        tmp_path / "e.csv",
        [
            ["品名", "CAS号"],
            ["过氧化二异丙苯（52%＜含量≤100%）", "80-43-3"],
            ["金属锆粉", "7440-67-7"],
        ],
    )
    report = importers.import_companion(session=session, actor=None, path=listed, kind="explosive")
    flags = dict(session.exec(select(Chemical.name, Chemical.explosive_precursor)).all())
    assert flags == {
        "过氧化二异丙苯[52%＜含量≤100%]": True,
        "过氧化二异丙苯[含量≤52%,含惰性固体≥48%]": False,
        "金属锆": False,
        "金属锆粉[干燥的]": True,
    }
    assert report.doubts == []


def test_cas_shared_by_variants_none_named_flags_all_with_a_doubt(session, tmp_path):
    catalogue = write_csv(
        tmp_path / "c.csv",
        [HEADER, ["1215", "金属锆", "", "7440-67-7", ""], ["1215", "金属锆粉[干燥的]", "", "7440-67-7", ""]],
    )
    importers.import_chemicals(session=session, actor=None, path=catalogue)
    listed = write_csv(tmp_path / "e.csv", [["品名", "CAS号"], ["锆", "7440-67-7"]])
    report = importers.import_companion(session=session, actor=None, path=listed, kind="explosive")
    assert all(session.exec(select(Chemical.explosive_precursor)).all())
    assert [(i.row, i.value) for i in report.doubts] == [(2, "锆")]
    assert "2 catalogue entries" in report.doubts[0].message


def test_key_supervised_list_by_cas_then_name(session, tmp_path):
    catalogue = write_csv(
        tmp_path / "c.csv",
        [HEADER, ["2", "氨", "液氨；氨气", "7664-41-7", ""], ["1381", "氯", "液氯", "7782-50-5", "剧毒"]],
    )
    importers.import_chemicals(session=session, actor=None, path=catalogue)
    listed = write_csv(
        tmp_path / "k.csv", [["品名", "CAS号"], ["液氯", ""], ["氨", "7664-41-7"], ["不存在的物质", ""]]
    )
    report = importers.import_companion(session=session, actor=None, path=listed, kind="key-supervised")
    assert report.updated == 2 and [i.row for i in report.doubts] == [4]
    assert count(session, Chemical, Chemical.key_supervised) == 2


def test_bad_rows_are_reported_and_good_rows_kept(session, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            HEADER,
            ["1", "阿片", "鸦片", "8008-60-4", ""],
            ["2", "氨", "液氨", "7664-41-8", ""],
            ["3", "", "", "", ""],
            ["1", "阿片", "鸦片", "8008-60-4", ""],
            ["5", "氯", "", "7782-50-5", "剧毒"],
        ],
    )
    report = importers.import_chemicals(session=session, actor=None, path=path)
    assert report.created == 3
    rejected = {i.row: i.message for i in report.rejected}
    assert rejected[4] == "missing 品名" and "duplicate of row 2" in rejected[5]
    doubts = {i.row: i.message for i in report.doubts}
    assert "check digit 8, expected 7" in doubts[3]
    assert any(i.value == "3–4" for i in report.doubts)
    ammonia = session.exec(select(Chemical).where(Chemical.name == "氨")).one()
    assert ammonia.cas_numbers == []


def test_gb18030_csv_and_xlsx_are_read(session, tmp_path):
    gb = write_csv(
        tmp_path / "gb.csv", [HEADER, ["1022", "甲醇", "木醇；木精", "67-56-1", ""]], encoding="gb18030"
    )
    assert importers.import_chemicals(session=session, actor=None, path=gb).created == 1
    assert session.exec(select(Chemical.aliases).where(Chemical.serial == 1022)).one() == ["木醇", "木精"]

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([49, "苯", "纯苯", "71-43-2", None])
    sheet.append([1688, "氰化钠", "山奈", "143-33-9", "剧毒"])
    book.save(tmp_path / "list.xlsx")
    report = importers.import_chemicals(session=session, actor=None, path=tmp_path / "list.xlsx")
    assert report.created == 2 and not report.rejected
    assert session.exec(select(Chemical.highly_toxic).where(Chemical.serial == 1688)).one() is True


def test_unreadable_or_incomplete_files_change_nothing(session, tmp_path):
    missing = write_csv(tmp_path / "m.csv", [["序号", "品名"], ["1", "阿片"]])
    with pytest.raises(InvalidInput) as exc:
        importers.import_chemicals(session=session, actor=None, path=missing)
    assert "别名" in exc.value.message and "CAS号" in exc.value.message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(InvalidInput):
        importers.import_chemicals(session=session, actor=None, path=broken)
    with pytest.raises(InvalidInput):
        importers.import_chemicals(session=session, actor=None, path=tmp_path / "list.pdf")
    assert (
        count(session, Chemical) == 0 and count(session, Event) == 0 and count(session, CatalogueEdition) == 0
    )


def test_waste_codes_import_carries_cells_and_rejects_wrong_category(session, tmp_path):
    path = write_csv(
        tmp_path / "w.csv",
        [
            WASTE_HEADER,
            ["HW34 废酸", "非特定行业", "900-300-34", "使用酸进行清洗产生的废酸液", "C,T"],
            ["", "", "900-301-34", "使用硫酸进行酸性碳化产生的废酸液", "C、T"],
            ["", "", "900-399-35", "类别不符", "C"],
            ["", "", "900-302-34", "特性不明", "C,Q"],
        ],
    )
    report = importers.import_waste_codes(session=session, actor=None, path=path, edition="2021")
    assert report.created == 2
    assert {i.row for i in report.rejected} == {4, 5}
    assert any("unknown hazard characteristic" in i.message for i in report.rejected)
    code = session.exec(select(WasteCode).where(WasteCode.code == "900-301-34")).one()
    assert code.industry == "非特定行业" and code.characteristics == ["C", "T"] and code.category == "HW34"
    assert session.exec(select(WasteCategory.name).where(WasteCategory.number == "HW34")).one() == "废酸"
    again = importers.import_waste_codes(session=session, actor=None, path=path, edition="2021")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with pytest.raises(InvalidInput):
        importers.import_waste_codes(
            session=session, actor=None, path=write_csv(tmp_path / "x.csv", [["废物代码"]]), edition="2021"
        )


def test_methods_import(session, tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [["代码", "类别", "名称", "英文名"], ["D10", "D", "焚烧", "Incineration"], ["R2", "D", "x", ""]],
    )
    report = importers.import_methods(session=session, actor=None, path=path)
    assert report.created == 1 and report.rejected[0].row == 3
    assert (
        session.exec(select(TreatmentMethod.name_en).where(TreatmentMethod.code == "D10")).one()
        == "Incineration"
    )


def test_shipped_catalogues_load_idempotently(session):
    first = shipped.load_shipped_catalogues(session=session)
    assert all(not r.rejected for r in first), [r.rejected for r in first]
    doubts = {r.list_name: len(r.doubts) for r in first if r.doubts}
    # The shipped files' known defects (catalogues/README.md), and nothing else.
    assert doubts == {
        "chemicals": 4,
        "explosive_precursors": 1,
        "drug_precursors": 26,
        "chemical_amendments": 2,
        "gb18218": 3,
    }
    assert count(session, Chemical) == 2997
    must = [
        "7664-41-7",
        "7782-50-5",
        "67-56-1",
        "71-43-2",
        "108-88-3",
        "1330-20-7",
        "7664-93-9",
        "7647-01-0",
        "1310-73-2",
        "7697-37-2",
        "67-64-1",
        "64-17-5",
        "141-78-6",
        "7722-84-1",
        "75-21-8",
        "75-01-4",
        "75-44-5",
        "143-33-9",
        "6484-52-2",
        "68476-85-7",
        "74-82-8",
        "1333-74-0",
    ]
    shipped_cas = {cas for row in session.exec(select(Chemical.cas_numbers)) for cas in row}
    assert set(must) <= shipped_cas
    phosgene = session.exec(select(Chemical).where(Chemical.search_text.like("%|75-44-5|%"))).one()
    assert phosgene.highly_toxic and phosgene.name_en == "Phosgene"
    nitric = session.exec(select(Chemical).where(Chemical.name == "硝酸")).one()
    assert nitric.explosive_precursor and nitric.drug_precursor_class is None
    assert (
        session.exec(select(Chemical.drug_precursor_class).where(Chemical.name == "甲苯")).one() == "第三类"
    )
    codes = set(session.exec(select(TreatmentMethod.code)))
    assert {"D1", "D9", "D10", "R2"} <= codes
    categories = dict(session.exec(select(WasteCategory.number, WasteCategory.name)).all())
    assert categories["HW08"] == "废矿物油与含矿物油废物" and categories["HW49"] == "其他废物"
    # GB 18218 Table 1: 82 of its 85 rows name a catalogue entry; 甲醛（含量＞90%）, 烷基铝 and
    # 硝酸（含硝酸＞70%） name none exactly, and are reported rather than guessed.
    [gb] = [r for r in first if r.list_name == "gb18218"]
    assert sorted(d.value for d in gb.doubts) == [
        "烷基铝",
        "甲醛（含量＞90%）",
        "硝酸（发红烟的除外，含硝酸＞70%）",
    ]
    q = dict(session.exec(select(Chemical.name, Chemical.critical_quantity_kg)).all())
    assert (q["氨"], q["氯"], q["碳酰氯"], q["硫化氢"], q["氰化氢"]) == (10_000, 5_000, 300, 5_000, 1_000)
    assert (q["氯化氢[无水]"], q["盐酸"], q["氟化氢[无水]"], q["氢氟酸"]) == (20_000, None, 1_000, None)
    assert (q["硝酸铵[含可燃物≤0.2%]"], q["汽油"], q["乙醇汽油"], q["甲烷"]) == (
        50_000,
        200_000,
        200_000,
        50_000,
    )
    assert (
        q["硝酸"] is None
    )  # Table 1 names only the >70 % variant; the catalogue entry covers every strength
    # Both editions of the waste list are registered with their dates; only 2021's codes are shipped.
    editions = session.exec(
        select(CatalogueEdition.edition, CatalogueEdition.effective_date).where(
            CatalogueEdition.list_name == "waste_list"
        )
    ).all()
    assert sorted(editions) == [("2021", date(2021, 1, 1)), ("2025", date(2025, 1, 1))]
    sources = dict(session.exec(select(Chemical.name, Chemical.critical_quantity_source)).all())
    assert sources["氨"] == "GB 18218-2018 表1 序号1"
    events = count(session, Event)
    second = shipped.load_shipped_catalogues(session=session)
    assert all(r.created == 0 and r.updated == 0 for r in second)
    assert count(session, Event) == events
