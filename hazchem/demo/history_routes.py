"""The demo year's waste routes: each generator's recurring wastes, where they go and who carries them.

Receivers are chosen so every transfer passes the checks on its day: the disposal centre takes waste
into its store (its kiln and landfill have no store of their own), the 70 t/d kiln into its own store,
the 120 t/d kiln straight into its feed, the recycler into its raw-material store once its licence
covers the waste; carriers' vehicles carry the waste's dangerous-goods class under a valid licence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Route:
    """A generator's recurring waste and where it goes: the stream, the receiver, the carrier's crew."""

    owner: str
    waste_code: str
    name: str
    form: str
    tags: tuple[str, ...]
    packaging: str
    volume_l: int
    kg: tuple[int, int]
    dg: dict[str, str]
    receiver: tuple[str, str]
    mode: str
    treat: str
    crew: tuple[str, str]
    per_week: tuple[int, int] = (2, 4)
    ship_every: int = 2
    # Days before today the receiver's licence starts covering this waste (None: all year).
    from_day: int | None = None
    planned: bool = False


_CLASS3 = {"dg_class": "3", "un_number": "1993", "packing_group": "II"}
_CLASS3_III = {"dg_class": "3", "un_number": "1993", "packing_group": "III"}
_CLASS8_ACID = {"dg_class": "8", "un_number": "3264", "packing_group": "II"}
_CLASS8_ALKALI = {"dg_class": "8", "un_number": "3266", "packing_group": "II"}
_CLASS9 = {"dg_class": "9", "un_number": "3077", "packing_group": "III"}
_NOT_DG = {"not_dg_reason": "按GB 6944分类不属于危险货物（演示：检测报告）"}
_DRUM, _BAG, _IBC = ("200L钢桶", 200), ("吨袋", 1000), ("1000L吨桶", 1000)
STORE = ("disposal_centre", "危险废物贮存库")
KILN70 = ("incin_70", "回转窑焚烧线（含3000吨贮存库）")
KILN120 = ("incin_120", "回转窑焚烧处置线")
RECYCLE = ("recycling", "原料贮存库")
_WANG = ("浙D82301", "wang")
_LI = ("浙D82302", "li")
_ZHANG = ("浙D95001", "zhang")
_WU = ("浙D95002", "wu")
_CHEN = ("浙D67511", "chen")


# fmt: off
def _route(owner: str, code: str, name: str, form: str, tags: tuple[str, ...], pack: tuple[str, int],
           kg: tuple[int, int], dg: dict[str, str], receiver: tuple[str, str], treat: str,
           crew: tuple[str, str], **kw: Any) -> Route:
    return Route(owner, code, name, form, tags, pack[0], pack[1], kg, dg, receiver,
                 kw.pop("mode", "dispose"), treat, crew, **kw)
# fmt: on


# Every generating enterprise's wastes. The first three are the static park's streams of the EHS
# demo account's enterprise; they go to the disposal centre, whose operator is the receiver account.
# fmt: off
ROUTES: list[Route] = [
    _route("fine_chem", "900-402-06", "废有机溶剂（甲苯、甲醇）", "liquid", ("organic",), _DRUM,
           (150, 185), _CLASS3, STORE, "D10", _WANG, per_week=(3, 6)),
    _route("fine_chem", "900-013-11", "精馏残渣", "semi_solid", ("organic",), _DRUM, (160, 200),
           _CLASS9, STORE, "D10", _WANG),
    _route("fine_chem", "900-041-49", "沾染危化品的废包装桶", "solid", (), _BAG, (200, 420),
           {"dg_class": "9", "un_number": "3509"}, STORE, "D10", _WANG, per_week=(1, 2), ship_every=4),
    _route("dyestuff", "900-300-34", "酸洗废液", "liquid", ("acid",), _IBC, (950, 1150), _CLASS8_ACID,
           RECYCLE, "D9", _LI, from_day=190, per_week=(1, 3)),
    _route("dyestuff", "900-252-12", "染料调配废液（含有机溶剂）", "liquid", ("organic",), _DRUM,
           (150, 180), _CLASS3_III, KILN70, "D10", _WANG, planned=True),
    _route("pharma_int", "900-039-49", "废活性炭（VOCs治理）", "solid", (), _BAG, (300, 520), _NOT_DG,
           STORE, "D10", _WU, per_week=(1, 2), ship_every=4),
    _route("pharma_int", "900-404-06", "含卤废有机溶剂", "liquid", ("organic",), _DRUM, (160, 190),
           _CLASS3, KILN120, "D10", _CHEN, planned=True, from_day=280),
    _route("new_material", "900-402-06", "废溶剂（乙酸乙酯、丙酮）", "liquid", ("organic",), _DRUM,
           (150, 180), _CLASS3, RECYCLE, "R2", _WANG, mode="utilise", from_day=190),
    _route("new_material", "900-013-11", "聚合釜残渣", "semi_solid", ("organic",), _DRUM, (170, 210),
           _CLASS9, KILN70, "D10", _WU, planned=True),
    _route("fluoro", "900-349-34", "含氟废酸", "liquid", ("acid",), _IBC, (1000, 1200), _CLASS8_ACID,
           RECYCLE, "D9", _LI, from_day=190, per_week=(1, 2)),
    _route("fluoro", "900-041-49", "废滤袋及沾染物", "solid", (), _BAG, (150, 300),
           {"dg_class": "9", "un_number": "3077", "packing_group": "III"}, STORE, "D10", _ZHANG,
           per_week=(1, 2), ship_every=4),
    _route("chlor_alkali", "900-399-35", "废碱液", "liquid", ("alkali",), _IBC, (1000, 1150), _CLASS8_ALKALI,
           RECYCLE, "D9", _LI, from_day=190, per_week=(1, 2)),
    _route("chlor_alkali", "900-041-49", "废盐泥包装袋", "solid", (), _BAG, (200, 350), _NOT_DG, STORE,
           "D10", _WU, per_week=(1, 2), ship_every=4),
    _route("surfactant", "900-013-11", "乙氧基化反应残液", "semi_solid", ("organic",), _DRUM, (170, 200),
           _CLASS9, KILN120, "D10", _ZHANG, planned=True),
    _route("coatings", "900-252-12", "废油漆渣", "semi_solid", ("organic",), _DRUM, (140, 180), _CLASS3_III,
           STORE, "D10", _WANG),
    _route("biopharma", "900-402-06", "废乙醇母液", "liquid", ("organic",), _DRUM, (150, 180), _CLASS3,
           KILN70, "D10", _CHEN, planned=True, from_day=280),
    _route("electronic", "336-064-17", "表面处理废液污泥", "semi_solid", ("acid",), _BAG, (500, 900),
           _CLASS8_ACID, STORE, "D1", _LI, per_week=(1, 2), ship_every=3),
    _route("power", "772-007-50", "废脱硝催化剂", "solid", (), _BAG, (600, 900), _NOT_DG, STORE, "D1", _WU,
           per_week=(0, 2), ship_every=8),
    _route("power", "900-249-08", "废润滑油", "liquid", ("organic",), _DRUM, (160, 180), _CLASS3_III,
           KILN120, "D10", _CHEN, per_week=(0, 2), ship_every=6, planned=True, from_day=280),
    _route("auto_parts", "900-218-08", "废液压油", "liquid", ("organic",), _DRUM, (150, 175), _CLASS3_III,
           STORE, "D10", _WANG, per_week=(1, 2), ship_every=4),
    _route("auto_parts", "900-006-09", "废切削液", "liquid", (), _DRUM, (170, 190), _NOT_DG, RECYCLE, "D9",
           _WU, from_day=190, per_week=(1, 2), ship_every=4),
    _route("wastewater", "900-039-49", "废活性炭（除臭）", "solid", (), _BAG, (300, 500), _NOT_DG, STORE,
           "D10", _ZHANG, per_week=(0, 2), ship_every=6),
]
# fmt: on


# A receiver in Jiangsu, outside the park's province: its transfers need a cross-province approval.
FAR_KEY = "far_incinerator"
FAR_NAME = "江苏示例环境科技有限公司（演示，省外）"
FAR_FACILITY = (FAR_KEY, "危险废物焚烧处置中心")
FAR_REGION = "320506"  # 江苏省苏州市吴中区
FAR_ORG = "DM000901"
