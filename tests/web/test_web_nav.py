"""The main navigation offers each role what it works with, its few main entries first (what a phone's
folded menu shows at the top), and long filter forms fold behind a summary counting the filters set."""

from __future__ import annotations

import re

import pytest

from hazchem.domain.vocab import Role
from hazchem.web.templating import main_first
from tests.web.conftest import login

USERS = [
    "admin",
    "regulator_eco",
    "regulator_em",
    "regulator_ps",
    "regulator_tr",
    "regulator_pc",
    "officer_a",
    "operator_b",
    "driver",
]
# The entries each role's menu opens with, in order.
MAIN = {
    "driver": ["首页", "我的待提运", "扫码"],
    "officer_a": ["首页", "扫码", "产生与贴标", "容器", "贮存", "转移联单"],
    "operator_b": ["首页", "扫码", "待到货", "转移联单", "贮存"],
    "regulator_eco": ["首页", "联单审计", "转移联单", "预警", "监管看板"],
    "regulator_em": ["首页", "预警", "监管看板", "重大危险源"],
    "regulator_ps": ["首页", "预警", "监管看板", "管控化学品"],
    "admin": ["首页", "联单审计", "预警", "监管看板", "企业", "许可证"],
}
OUTPUT_FIGURES = "/oversight/output-figures"
# The park's registers a driver has no use for on the road, which the other roles keep.
REGISTERS = ["/departments", "/responsibilities", "/park-catalogue", "/drivers"]
# The lists whose filter forms run to several fields.
FOLDED_FILTERS = (
    "/oversight/manifests",
    "/oversight/alerts",
    "/oversight/deadlines",
    "/licences",
    "/enterprises",
)


def menu(client, part: str = "") -> list[tuple[str, str]]:
    """The (path, text) links of the main navigation, or of one of its lists (main-entries, more-entries)."""
    html = client.get("/").get_data(as_text=True)
    nav = html.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    if part:
        nav = nav.split(f'<ul class="{part}">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', nav)


@pytest.mark.parametrize("username", USERS)
def test_every_menu_entry_opens_for_its_role(client, registry, username):
    login(client, username)
    links = menu(client)
    assert links
    for href, text in links:
        assert client.get(href).status_code == 200, (username, href, text)


@pytest.mark.parametrize("username", sorted(MAIN))
def test_each_menu_opens_with_its_roles_main_entries(client, registry, username):
    login(client, username)
    main = [text for _, text in menu(client, "main-entries")]
    assert main == MAIN[username]
    everything = menu(client)
    assert [text for _, text in everything[: len(main)]] == main
    assert len(set(everything)) == len(everything)  # the rest follows, nothing twice


@pytest.mark.parametrize(
    ("username", "offered"),
    [
        ("officer_a", True),
        ("admin", True),
        ("regulator_eco", True),
        ("regulator_pc", True),
        ("driver", False),
        ("operator_b", False),
        ("regulator_em", False),
        ("regulator_ps", False),
    ],
)
def test_output_figures_are_offered_to_who_enters_or_oversees_them(client, registry, username, offered):
    login(client, username)
    paths = [href for href, _ in menu(client)]
    assert (OUTPUT_FIGURES in paths) is offered, paths
    assert ("企业产值" in [text for _, text in menu(client)]) is offered


@pytest.mark.parametrize(("username", "kept"), [("driver", False), ("operator_b", True), ("officer_a", True)])
def test_a_drivers_menu_keeps_to_its_work(client, registry, username, kept):
    login(client, username)
    paths = {href for href, _ in menu(client)}
    for path in REGISTERS:
        assert (path in paths) is kept, (username, path)
    assert "/scan" in paths and "/catalogue" in paths


def test_an_endpoint_named_twice_takes_the_roles_next_entry():
    items = [
        ("web.dashboard", "Home", {}),
        ("web.manifests.manifests", "Legs to dispatch", {"status": "submitted"}),
        ("web.manifests.manifests", "Manifests", {}),
        ("web.catalogue.catalogue_search", "Catalogue", {}),
        ("web.oversight.oversight_transport_legs", "Transport legs", {}),
    ]
    main, rest = main_first(Role.CARRIER_DISPATCHER, items)
    assert [text for _, text, _ in main] == ["Home", "Legs to dispatch", "Manifests", "Transport legs"]
    assert [text for _, text, _ in rest] == ["Catalogue"]
    main, rest = main_first(Role.DRIVER, items)
    assert [text for _, text, _ in main] == ["Home", "Legs to dispatch"]
    assert len(rest) == 3


def test_the_menu_button_leads_to_the_navigation(client, registry):
    login(client, "driver")
    html = client.get("/").get_data(as_text=True)
    toggle = '<a class="menu-toggle" href="#main-nav" aria-controls="main-nav" aria-expanded="false">菜单</a>'
    assert toggle in html
    assert 'id="main-nav"' in html and "/static/layout.js" in html
    anonymous = client.application.test_client().get("/login").get_data(as_text=True)
    assert "menu-toggle" not in anonymous


def test_long_filter_forms_fold_behind_a_summary_counting_the_filters_set(client, registry):
    login(client, "admin")
    for path in FOLDED_FILTERS:
        html = client.get(path).get_data(as_text=True)
        assert '<details class="filters">' in html, path
        assert "<summary>筛选条件</summary>" in html, path
    html = client.get("/oversight/manifests?status=draft&status=submitted&waste_code=&after=9&sort=number")
    assert "<summary>筛选条件 · 已设 2 项</summary>" in html.get_data(as_text=True)
    with client.session_transaction() as session:
        session["locale"] = "en"
    assert "<summary>Filters · 1 set</summary>" in client.get("/enterprises?q=x").get_data(as_text=True)
    # A one-field filter stays in the open.
    assert '<details class="filters">' not in client.get("/manifests").get_data(as_text=True)


def test_the_manifest_list_keeps_on_phones_the_columns_that_matter(client, registry):
    login(client, "admin")
    html = client.get("/manifests").get_data(as_text=True)
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    hidden = re.findall(r'<th class="wide-only">(.*?)</th>', head)
    assert hidden == ['<span class="sr-only">打印</span>', "申报量"]
    for shown in ("联单编号", "状态", "废物代码", "产生单位", "接收单位", "转移日期"):
        assert f"<th>{shown}</th>" in head
