"""Catalogue search and entry pages on a real database."""

import csv

import pytest

from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.services import registry as reg
from hazchem.services.chemicals import catalogue
from hazchem.services.lists import importers, shipped


@pytest.fixture
def official(session):
    path = importers.CATALOGUE_DIR / "chemicals-2015.csv"
    importers.import_chemicals(session=session, actor=None, path=path)


def test_search_by_name_alias_cas_and_serial_puts_exact_match_first(session, official):
    assert catalogue.search_chemicals(session=session, q="甲醇")[0].serial == 1022
    assert catalogue.search_chemicals(session=session, q="木精")[0].name == "甲醇"
    assert catalogue.search_chemicals(session=session, q="67-56-1")[0].name == "甲醇"
    assert catalogue.search_chemicals(session=session, q="1022")[0].name == "甲醇"
    chlorine = catalogue.search_chemicals(session=session, q="氯")
    assert chlorine[0].name == "氯" and len(chlorine) == 50
    assert [c.serial for c in chlorine[1:]] == sorted(c.serial for c in chlorine[1:])
    partial = catalogue.search_chemicals(session=session, q="氢氧化钠", limit=10)
    assert {c.name for c in partial} >= {"氢氧化钠", "氢氧化钠溶液[含量≥30%]"}
    assert catalogue.search_chemicals(session=session, q="no such thing") == []
    # LIKE wildcards in the query are taken literally.
    assert catalogue.search_chemicals(session=session, q="_") == []
    assert all("%" in c.name for c in catalogue.search_chemicals(session=session, q="%"))


def test_search_in_english_ignores_case(session):
    shipped.load_shipped_catalogues(session=session)
    found = catalogue.search_chemicals(session=session, q="METHANOL")
    assert found[0].name == "甲醇"
    assert catalogue.search_chemicals(session=session, q="phosgene")[0].highly_toxic


def test_blank_query_and_bad_limit_are_refused(session):
    with pytest.raises(InvalidInput):
        catalogue.search_chemicals(session=session, q="  ")
    with pytest.raises(InvalidInput):
        catalogue.search_chemicals(session=session, q="苯", limit=0)


def test_waste_code_search_by_code_category_and_text(session, tmp_path):
    path = tmp_path / "w.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["废物类别", "行业来源", "废物代码", "危险废物", "危险特性"],
                ["HW34 废酸", "非特定行业", "900-300-34", "使用酸进行清洗产生的废酸液", "C,T"],
                ["", "", "900-301-34", "使用硫酸进行酸性碳化产生的废酸液", "C,T"],
                ["HW35 废碱", "非特定行业", "900-352-35", "使用碱进行清洗产生的废碱液", "C,T"],
            ]
        )
    importers.import_waste_codes(session=session, actor=None, path=path, edition="2021")
    codes = lambda **kw: [w.code for w in catalogue.search_waste_codes(session=session, **kw)]  # noqa: E731
    assert codes(q="900-30") == ["900-300-34", "900-301-34"]
    assert codes(q="HW35") == ["900-352-35"]
    assert codes(q="hw34") == ["900-300-34", "900-301-34"]
    assert codes(q="35") == ["900-352-35"]
    assert codes(q="硫酸") == ["900-301-34"]
    assert codes(q="清洗", category="HW35") == ["900-352-35"]
    assert codes(edition="2025") == []
    assert [c.number for c in catalogue.list_waste_categories(session=session, edition="2021")] == [
        "HW34",
        "HW35",
    ]


def test_chemical_entry_shows_only_visible_licences_and_facilities(session, registry):
    reg.add_facility_chemical(
        session=session, actor=None, facility_id=registry.facility_a.id, chemical_id=registry.chemical.id
    )
    admin = catalogue.get_chemical(
        session=session, actor=registry.users["admin"], chemical_id=registry.chemical.id
    )
    assert [v.licence.number for v in admin.licences] == [registry.use_licence.licence.number]
    assert [f.name for f in admin.facilities] == ["危废贮存库"]
    own = catalogue.get_chemical(
        session=session, actor=registry.users["officer_a"], chemical_id=registry.chemical.id
    )
    assert len(own.licences) == 1 and len(own.facilities) == 1
    other = catalogue.get_chemical(
        session=session, actor=registry.users["officer_b"], chemical_id=registry.chemical.id
    )
    assert other.licences == [] and other.facilities == []
    with pytest.raises(NotFound):
        catalogue.get_chemical(session=session, actor=registry.users["admin"], chemical_id=999999)


def test_waste_code_entry_shows_licences_covering_its_category(session, registry):
    code = catalogue.search_waste_codes(session=session, q="900-249-08")[0]
    admin = catalogue.get_waste_code(session=session, actor=registry.users["admin"], waste_code_id=code.id)
    assert admin.category.name == "废矿物油与含矿物油废物"
    assert [v.licence.number for v in admin.licences] == [registry.hw_licence.licence.number]
    other = catalogue.get_waste_code(
        session=session, actor=registry.users["officer_a"], waste_code_id=code.id
    )
    assert other.licences == []


def test_methods_and_editions_are_listed(session):
    shipped.load_shipped_catalogues(session=session)
    methods = [m.code for m in catalogue.list_methods(session=session)]
    assert methods[:2] == ["R1", "R2"] and methods.index("D1") < methods.index("D9") < methods.index("D10")
    assert methods[-1] == "C3"
    editions = {(e.list_name, e.edition) for e in catalogue.list_editions(session=session)}
    assert {("chemicals", "2015"), ("waste_list", "2021")} <= editions
