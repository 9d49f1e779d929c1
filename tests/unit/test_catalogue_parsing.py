"""Row rules of the catalogue importers, without files or a database."""

import pytest

from hazchem.domain import catalogue as cat
from hazchem.domain.errors import InvalidInput


def rows(*dicts):
    return [(i + 2, d) for i, d in enumerate(dicts)]


def chem(serial, name, cas="", aliases="", remarks=""):
    return {"序号": serial, "品名": name, "别名": aliases, "CAS号": cas, "备注": remarks}


def test_split_cas_keeps_valid_numbers_and_reports_bad_check_digit():
    numbers, issues = cat.split_cas("22259-30-9；\n23422-53-9", 5)
    assert numbers == ["22259-30-9", "23422-53-9"]
    assert issues == []
    numbers, issues = cat.split_cas("7664-41-7；7664-41-8", 7)
    assert numbers == ["7664-41-7"]
    assert issues[0].row == 7 and "check digit" in issues[0].reason and issues[0].value == "7664-41-8"


def test_split_cas_reports_footnote_text_once():
    numbers, issues = cat.split_cas("注：（1）A型稀释剂是指与有机过氧化物相容的有机液体。", 2998)
    assert numbers == []
    assert len(issues) == 1 and "no CAS number" in issues[0].reason


def test_parse_chemicals_rejects_missing_fields_and_duplicates_and_reports_gaps():
    parsed = cat.parse_chemicals(
        rows(
            chem("1", "阿片", "8008-60-4"),
            chem("2", "氨", "7664-41-7", "液氨；氨气"),
            chem("2", "氨", "7664-41-7"),
            chem("3", ""),
            chem("", "无序号"),
            chem("x", "坏序号"),
            chem("6", "氯", "7782-50-5", remarks="剧毒"),
        )
    )
    assert [r.name for r in parsed.records] == ["阿片", "氨", "氯"]
    reasons = {i.row: i.reason for i in parsed.rejected}
    assert "duplicate of row 3" in reasons[4]
    assert reasons[5] == "missing 品名"
    assert reasons[6] == "missing 序号"
    assert "whole number" in reasons[7]
    assert parsed.records[1].aliases == ["液氨", "氨气"]
    assert parsed.records[2].highly_toxic and not parsed.records[0].highly_toxic
    gaps = [i for i in parsed.doubts if "serial gap" in i.reason]
    assert [g.value for g in gaps] == ["3–5"]
    assert not cat.parse_chemicals(rows(chem("1", "a"), chem("9", "b")), check_gaps=False).doubts


def test_variant_rows_sharing_a_serial_are_distinct():
    parsed = cat.parse_chemicals(
        rows(chem("1669", "氢氧化钠", "1310-73-2"), chem("1669", "氢氧化钠溶液", "1310-73-2"))
    )
    assert len(parsed.records) == 2 and not parsed.rejected


def test_search_text_holds_every_term_between_separators():
    text = cat.chemical_search_text("甲醇", ["木醇", "木精"], "Methanol", ["67-56-1"], 1022)
    assert text == "|甲醇|木醇|木精|methanol|67-56-1|1022|"


def waste(category="", industry="", code="", description="", characteristics=""):
    return {
        "废物类别": category,
        "行业来源": industry,
        "废物代码": code,
        "危险废物": description,
        "危险特性": characteristics,
    }


def test_waste_rows_carry_merged_cells_down_and_check_category_digits():
    parsed = cat.parse_waste_codes(
        rows(
            waste("HW34 废酸", "非特定行业", "900-300-34", "使用酸进行清洗产生的废酸液", "C,T"),
            waste("", "", "900-301-34", "使用硫酸进行酸性碳化产生的废酸液", "C、T"),
            waste("", "", "900-302-35", "错误的类别", "C"),
            waste("", "", "900-303-34", "未知特性", "X"),
            waste("", "", "900-300-34", "重复", "C"),
            waste("", "", "", "", ""),
        )
    )
    assert [r.code for r in parsed.records] == ["900-300-34", "900-301-34"]
    assert parsed.records[1].industry == "非特定行业" and parsed.records[1].category == "HW34"
    assert parsed.records[1].characteristics == ["C", "T"]
    reasons = {i.row: i.reason for i in parsed.rejected}
    assert "HW34" in reasons[4] and "ends in 35" in reasons[4]
    assert "unknown hazard characteristic 'X'" in reasons[5]
    assert "duplicate" in reasons[6]
    assert [(c.number, c.name) for c in parsed.categories] == [("HW34", "废酸")]


def test_characteristics_accept_in_and_refuse_blank():
    assert cat.parse_characteristics("T/In") == ["T", "In"]
    with pytest.raises(InvalidInput):
        cat.parse_characteristics("")


def test_methods_check_code_and_kind():
    parsed = cat.parse_methods(
        rows(
            {"代码": "D10", "类别": "D", "名称": "焚烧"},
            {"代码": "R2", "类别": "D", "名称": "溶剂回收"},
            {"代码": "X1", "类别": "", "名称": "?"},
            {"代码": "C1", "类别": "", "名称": ""},
        )
    )
    assert [m.code for m in parsed.records] == ["D10"]
    assert len(parsed.rejected) == 3


def test_companion_names_drop_list_notes():
    assert cat.candidate_names("溴素（2017年新增）") == ["溴素"]
    assert cat.candidate_names("麦角酸*") == ["麦角酸"]
    assert cat.listed_parts("麻黄素、伪麻黄素*") == ["麻黄素", "伪麻黄素"]


def test_missing_columns_are_named():
    with pytest.raises(InvalidInput) as exc:
        cat.require_columns(["序号", "品名"], cat.CHEMICAL_COLUMNS, "chemicals")
    assert "别名" in exc.value.message and "CAS号" in exc.value.message and "备注" in exc.value.message
