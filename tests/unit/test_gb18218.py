"""GB 18218-2018 rules on the shipped tables: α and grade bands at their edges, β, R, matching, defects."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hazchem.domain import gb18218 as std
from hazchem.services.lists import read_tables


@pytest.fixture(scope="module")
def tables() -> std.Tables:
    found, issues, meta = read_tables()
    assert issues == [] and meta["effective"] == "2019-03-01"
    return found


def test_the_shipped_tables_are_complete(tables):
    assert len(tables.named) == 85 and len(tables.categories) == 24
    assert len(tables.beta_gases) == 14 and len(tables.beta_categories) == 24
    assert len(tables.alpha) == 5 and len(tables.grades) == 4
    single = [r.serial for r in tables.named if r.checked.startswith("单一来源")]
    assert single == [17, 37, 38, 40, 41, 43, 72]
    lpg = next(r for r in tables.named if r.serial == 52)
    assert lpg.cas == ("68476-85-7", "74-98-6", "106-97-8")  # the component annotations are dropped


@pytest.mark.parametrize(
    ("people", "alpha"),
    [
        (0, "0.5"),
        (1, "1.0"),
        (29, "1.0"),
        (30, "1.2"),
        (49, "1.2"),
        (50, "1.5"),
        (99, "1.5"),
        (100, "2.0"),
        (10_000, "2.0"),
    ],
)
def test_alpha_by_people_exposed(tables, people, alpha):
    assert std.alpha_for(people, tables) == Decimal(alpha)


@pytest.mark.parametrize(
    ("r", "grade"),
    [("0", "四级"), ("9.99", "四级"), ("10", "三级"), ("49.99", "三级"), ("50", "二级"), ("100", "一级")],
)
def test_grade_by_r(tables, r, grade):
    assert std.grade_for(Decimal(r), tables) == grade


def test_beta_by_gas_by_category_or_unknown(tables):
    assert std.beta_for("氨", ["液氨"], [], tables) == 2
    assert std.beta_for("光气", ["碳酰氯"], [], tables) == 20
    # 氯化氢 of Table 3 is Table 1's 氯化氢（无水）; 盐酸 shares its CAS number but is not the gas.
    assert std.beta_for("氯化氢[无水]", [], [], tables) == 3
    assert std.beta_for("盐酸", [], [], tables) is None
    assert std.beta_for("某物质", [], ["W5.1", "J5"], tables) == Decimal("1.5")
    assert std.beta_for("某物质", [], [], tables) is None


def test_r_counts_unknown_beta_as_one_and_names_it(tables):
    rating = std.rating(
        [("氨", 100_000, 10_000, Decimal(2)), ("甲醇", 250_000, 500_000, None), ("无Q", 5, None, None)],
        0,
        tables,
    )
    # α 0.5 × (2 × 10 + 1 × 0.5) = 10.25
    assert rating.r == Decimal("10.25") and rating.grade == "三级" and rating.assumed_beta == ("甲醇",)
    with pytest.raises(ValueError):
        std.alpha_for(-1, tables)


def test_matching_by_name_variant_or_own_cas_only(tables):
    entries = [
        (1, "氟化氢[无水]", ["7664-39-3"]),
        (2, "氢氟酸", ["7664-39-3"]),
        (3, "硝酸铵[含可燃物≤0.2%]", ["6484-52-2"]),
        (4, "硝酸铵（其他）", ["6484-52-2"]),
        (5, "甲烷", ["74-82-8"]),
        (6, "乙醇汽油", ["86290-81-5"]),
        (7, "甲醛溶液", ["50-00-0"]),
    ]
    found = {i: r.serial for i, r in std.match_catalogue(entries, tables.named).items()}
    # 氢氟酸 shares the gas's CAS but is not it; 硝酸铵 variants differ in Q, so only names decide;
    # 甲醛（含量＞90%） limits its row to one strength, so the solution gets nothing by CAS.
    assert found == {1: 20, 3: 44, 5: 49, 6: 66}


def test_table_defects_are_reported_per_row():
    named, issues = std.parse_named(
        [
            (2, {"序号": "1", "危险化学品名称和说明": "甲", "CAS号": "50-00-1", "临界量_t": "5"}),
            (3, {"序号": "1", "危险化学品名称和说明": "乙", "临界量_t": "5"}),
            (4, {"序号": "x", "危险化学品名称和说明": "丙", "临界量_t": "5"}),
            (5, {"序号": "4", "危险化学品名称和说明": "丁", "临界量_t": "0"}),
            (6, {"序号": "5", "危险化学品名称和说明": "戊", "临界量_t": "0.0005"}),
        ]
    )
    assert [r.name for r in named] == ["甲"] and named[0].cas == ()
    assert [i.row for i in issues] == [2, 3, 4, 5, 6]
