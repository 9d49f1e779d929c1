"""The fictional demo park, as plain data: enterprises, facilities, licences, carriers, accounts.

The park is modelled on 杭州湾上虞经济技术开发区 (region 330604), one of the case-study parks of
the chemical park guidelines; the disposal capacities are those the case studies report
(杭州湾上虞, 东营港, 石家庄循环化工园区). Every enterprise, person, phone number, plate and
licence number is invented: names carry "示例" and the park's name says "演示".

Units in this file: quantities in tonnes (converted to kilograms when loaded), dates as day
offsets from the load date (negative = in the past), so the demo always has licences that are
valid, about to expire and expired, whatever day it is loaded.
"""

from __future__ import annotations

from typing import Any

PARK_NAME = "杭州湾上虞经济技术开发区（演示）"
PARK_NAME_EN = "Hangzhou Bay Shangyu Economic and Technological Development Zone (demo)"
REGION_CODE = "330604"  # 浙江省绍兴市上虞区
ADDRESS_PREFIX = "浙江省绍兴市上虞区杭州湾上虞经济技术开发区"

# Every demo account shares this password; it is documented in the README for local demos only.
DEMO_PASSWORD = "hazchem-demo-2026"

# The catalogue entries the demo refers to, by CAS number (all in 危险化学品目录 2015).
CHEMICALS: dict[str, str] = {
    "7664-41-7": "氨",
    "7782-50-5": "氯",
    "67-56-1": "甲醇",
    "71-43-2": "苯",
    "108-88-3": "甲苯",
    "7664-93-9": "硫酸",
    "1310-73-2": "氢氧化钠",
    "7697-37-2": "硝酸",
    "67-64-1": "丙酮",
    "64-17-5": "乙醇",
    "141-78-6": "乙酸乙酯",
    "75-21-8": "环氧乙烷",
    "143-33-9": "氰化钠",  # 剧毒
    "6484-52-2": "硝酸铵",  # 易制爆
}

# Enterprise roles, spelled as in hazchem.domain.vocab.EnterpriseRole.
_GEN = "waste_generator"
_USER = "chemical_user"
_CARRIER = "carrier"
_COLLECTOR = "collector"
_RECEIVER = "receiver"

# Supervision grades after HJ 1259 (危险废物环境重点监管单位 / 简化管理 / 登记管理).
_KEY = "重点监管"
_SIMPLE = "简化管理"
_REGISTER = "登记管理"
# The structured management class each of those grades records (it decides the declarations owed).
MANAGEMENT_CLASS_BY_GRADE = {_KEY: "key", _SIMPLE: "simplified", _REGISTER: "registration"}

# `org` is the 8-character body of the organisation code (GB 11714); its check character and
# the USCC check character (GB 32100) are computed when loading. "DM" marks demo codes.
ENTERPRISES: list[dict[str, Any]] = [
    # --- Waste generators and chemical users ----------------------------------------------------
    {
        "key": "fine_chem",
        "org": "DM000101",
        "name": "上虞示例精细化工有限公司",
        "name_en": "Shangyu Example Fine Chemical Co., Ltd.",
        "address": "纬三路18号",
        "roles": [_GEN, _USER],
        "contact_name": "沈立新",
        "contact_phone": "0575-80000101",
        "grade": _KEY,
    },
    {
        "key": "dyestuff",
        "org": "DM000102",
        "name": "上虞示例染料化学有限公司",
        "name_en": "Shangyu Example Dyestuff Chemical Co., Ltd.",
        "address": "纬五路66号",
        "roles": [_GEN, _USER],
        "contact_name": "徐海燕",
        "contact_phone": "0575-80000102",
        "grade": _KEY,
    },
    {
        "key": "pharma_int",
        "org": "DM000103",
        "name": "上虞示例医药中间体有限公司",
        "name_en": "Shangyu Example Pharmaceutical Intermediates Co., Ltd.",
        "address": "经九路9号",
        "roles": [_GEN, _USER],
        "contact_name": "钱文博",
        "contact_phone": "0575-80000103",
        "grade": _KEY,
    },
    {
        "key": "new_material",
        "org": "DM000104",
        "name": "上虞示例新材料科技有限公司",
        "name_en": "Shangyu Example New Materials Technology Co., Ltd.",
        "address": "纬七路27号",
        "roles": [_GEN, _USER],
        "contact_name": "孙静怡",
        "contact_phone": "0575-80000104",
        "grade": _SIMPLE,
    },
    {
        "key": "fluoro",
        "org": "DM000105",
        "name": "上虞示例氟化工有限公司",
        "name_en": "Shangyu Example Fluorochemical Co., Ltd.",
        "address": "经十一路5号",
        "roles": [_GEN, _USER],
        "contact_name": "蒋宏伟",
        "contact_phone": "0575-80000105",
        "grade": _KEY,
    },
    {
        "key": "chlor_alkali",
        "org": "DM000106",
        "name": "上虞示例氯碱化工有限公司",
        "name_en": "Shangyu Example Chlor-Alkali Chemical Co., Ltd.",
        "address": "纬一路1号",
        "roles": [_GEN, _USER],
        "contact_name": "韩志刚",
        "contact_phone": "0575-80000106",
        "grade": _KEY,
    },
    {
        "key": "surfactant",
        "org": "DM000107",
        "name": "上虞示例表面活性剂有限公司",
        "name_en": "Shangyu Example Surfactants Co., Ltd.",
        "address": "经七路31号",
        "roles": [_GEN, _USER],
        "contact_name": "杨晓东",
        "contact_phone": "0575-80000107",
        "grade": _SIMPLE,
    },
    {
        "key": "coatings",
        "org": "DM000108",
        "name": "上虞示例涂料有限公司",
        "name_en": "Shangyu Example Coatings Co., Ltd.",
        "address": "纬九路12号",
        "roles": [_GEN, _USER],
        "contact_name": "朱丽萍",
        "contact_phone": "0575-80000108",
        "grade": _SIMPLE,
    },
    {
        "key": "trading",
        "org": "DM000109",
        "name": "上虞示例化学品经营有限公司",
        "name_en": "Shangyu Example Chemicals Trading Co., Ltd.",
        "address": "经五路8号",
        "roles": [_USER],
        "contact_name": "秦国强",
        "contact_phone": "0575-80000109",
        "grade": _REGISTER,
    },
    {
        "key": "biopharma",
        "org": "DM000110",
        "name": "上虞示例生物制药有限公司",
        "name_en": "Shangyu Example Biopharmaceutical Co., Ltd.",
        "address": "纬十一路20号",
        "roles": [_GEN, _USER],
        "contact_name": "许明月",
        "contact_phone": "0575-80000110",
        "grade": _KEY,
    },
    {
        "key": "electronic",
        "org": "DM000111",
        "name": "上虞示例电子化学品有限公司",
        "name_en": "Shangyu Example Electronic Chemicals Co., Ltd.",
        "address": "经十三路16号",
        "roles": [_GEN, _USER],
        "contact_name": "何俊杰",
        "contact_phone": "0575-80000111",
        "grade": _SIMPLE,
    },
    {
        "key": "power",
        "org": "DM000112",
        "name": "上虞示例热电有限公司",
        "name_en": "Shangyu Example Thermal Power Co., Ltd.",
        "address": "纬三路2号",
        "roles": [_GEN, _USER],
        "contact_name": "吕建华",
        "contact_phone": "0575-80000112",
        "grade": _SIMPLE,
    },
    {
        "key": "auto_parts",
        "org": "DM000113",
        "name": "上虞示例汽车零部件有限公司",
        "name_en": "Shangyu Example Auto Parts Co., Ltd.",
        "address": "经三路45号",
        "roles": [_GEN],
        "contact_name": "施晓峰",
        "contact_phone": "0575-80000113",
        "grade": _REGISTER,
    },
    {
        "key": "wastewater",
        "org": "DM000114",
        "name": "上虞示例污水处理有限公司",
        "name_en": "Shangyu Example Wastewater Treatment Co., Ltd.",
        "address": "纬十三路1号",
        "roles": [_GEN, _USER],
        "contact_name": "张文斌",
        "contact_phone": "0575-80000114",
        "grade": _SIMPLE,
    },
    # --- Carriers -------------------------------------------------------------------------------
    {
        "key": "carrier_dg",
        "org": "DM000201",
        "name": "绍兴示例危险品运输有限公司",
        "name_en": "Shaoxing Example Dangerous Goods Transport Co., Ltd.",
        "address": "经一路88号",
        "roles": [_CARRIER],
        "contact_name": "马建军",
        "contact_phone": "0575-80000201",
        "grade": _KEY,
    },
    {
        "key": "carrier_logistics",
        "org": "DM000202",
        "name": "上虞示例物流有限公司",
        "name_en": "Shangyu Example Logistics Co., Ltd.",
        "address": "经一路90号",
        "roles": [_CARRIER],
        "contact_name": "曹永明",
        "contact_phone": "0575-80000202",
        "grade": _SIMPLE,
    },
    {
        "key": "carrier_env",
        "org": "DM000203",
        "name": "浙江示例环境运输有限公司",
        "name_en": "Zhejiang Example Environmental Transport Co., Ltd.",
        "address": "纬十五路3号",
        "roles": [_CARRIER],
        "contact_name": "袁志华",
        "contact_phone": "0575-80000203",
        "grade": _KEY,
    },
    # --- Collectors -----------------------------------------------------------------------------
    {
        "key": "oil_collector",
        "org": "DM000301",
        "name": "上虞示例废矿物油收集有限公司",
        "name_en": "Shangyu Example Waste Mineral Oil Collection Co., Ltd.",
        "address": "纬十五路10号",
        "roles": [_COLLECTOR],
        "contact_name": "邹振宇",
        "contact_phone": "0575-80000301",
        "grade": _KEY,
    },
    {
        "key": "small_collector",
        "org": "DM000302",
        "name": "上虞示例小微危废收集有限公司",
        "name_en": "Shangyu Example Small-Quantity Hazardous Waste Collection Co., Ltd.",
        "address": "纬十五路12号",
        "roles": [_COLLECTOR],
        "contact_name": "潘美玲",
        "contact_phone": "0575-80000302",
        "grade": _KEY,
    },
    # --- Receivers and disposers ----------------------------------------------------------------
    {
        "key": "disposal_centre",
        "org": "DM000401",
        "name": "上虞示例固废处置有限公司",
        "name_en": "Shangyu Example Solid Waste Disposal Co., Ltd.",
        "address": "纬十七路1号",
        "roles": [_RECEIVER],
        "contact_name": "任国栋",
        "contact_phone": "0575-80000401",
        "grade": _KEY,
    },
    {
        "key": "incin_70",
        "org": "DM000402",
        "name": "上虞示例环保能源有限公司",
        "name_en": "Shangyu Example Environmental Energy Co., Ltd.",
        "address": "纬十七路9号",
        "roles": [_RECEIVER],
        "contact_name": "郑海波",
        "contact_phone": "0575-80000402",
        "grade": _KEY,
    },
    {
        "key": "incin_120",
        "org": "DM000403",
        "name": "上虞示例危废焚烧处置有限公司",
        "name_en": "Shangyu Example Hazardous Waste Incineration Co., Ltd.",
        "address": "纬十七路15号",
        "roles": [_RECEIVER],
        "contact_name": "魏晓光",
        "contact_phone": "0575-80000403",
        "grade": _KEY,
    },
    {
        "key": "recycling",
        "org": "DM000404",
        "name": "上虞示例资源再生有限公司",
        "name_en": "Shangyu Example Resource Recycling Co., Ltd.",
        "address": "纬十七路21号",
        "roles": [_RECEIVER],
        "contact_name": "陶晨曦",
        "contact_phone": "0575-80000404",
        "grade": _KEY,
    },
]

# Facilities: capacities in tonnes (stored t, t/a, t/d); `chemicals` maps CAS → maximum t held.
FACILITIES: list[dict[str, Any]] = [
    # Generators' hazardous-waste stores (贮存库) and chemical users' tank farms and warehouses.
    {"owner": "fine_chem", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 200},
    {
        "owner": "fine_chem",
        "name": "甲醇、甲苯储罐区",
        "kind": "tank_farm",
        "storage_t": 500,
        "chemicals": {"67-56-1": 300, "108-88-3": 200},
    },
    {"owner": "dyestuff", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 300},
    {
        "owner": "dyestuff",
        "name": "酸碱储罐区",
        "kind": "tank_farm",
        "storage_t": 800,
        "chemicals": {"7664-93-9": 500, "7697-37-2": 100, "1310-73-2": 200},
    },
    {"owner": "pharma_int", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 150},
    {
        "owner": "pharma_int",
        "name": "剧毒化学品专用仓库",
        "kind": "chemical_warehouse",
        "storage_t": 5,
        "chemicals": {"143-33-9": 5},
    },
    {
        "owner": "pharma_int",
        "name": "溶剂储罐区",
        "kind": "tank_farm",
        "storage_t": 300,
        "chemicals": {"67-64-1": 100, "64-17-5": 150, "71-43-2": 50},
    },
    {"owner": "new_material", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 100},
    {
        "owner": "new_material",
        "name": "溶剂储罐区",
        "kind": "tank_farm",
        "storage_t": 300,
        "chemicals": {"141-78-6": 200, "67-64-1": 80},
    },
    {"owner": "fluoro", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 250},
    {
        "owner": "fluoro",
        "name": "液氯钢瓶库",
        "kind": "chemical_warehouse",
        "storage_t": 50,
        "chemicals": {"7782-50-5": 50},
    },
    {
        "owner": "fluoro",
        "name": "液氨储罐区",
        "kind": "tank_farm",
        "storage_t": 100,
        "chemicals": {"7664-41-7": 100},
    },
    {"owner": "chlor_alkali", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 100},
    {
        "owner": "chlor_alkali",
        "name": "液氯储罐区",
        "kind": "tank_farm",
        "storage_t": 200,
        "chemicals": {"7782-50-5": 200},
    },
    {
        "owner": "chlor_alkali",
        "name": "烧碱、硫酸储罐区",
        "kind": "tank_farm",
        "storage_t": 2500,
        "chemicals": {"1310-73-2": 2000, "7664-93-9": 300},
    },
    {"owner": "surfactant", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 80},
    {
        "owner": "surfactant",
        "name": "环氧乙烷球罐区",
        "kind": "tank_farm",
        "storage_t": 100,
        "chemicals": {"75-21-8": 100},
    },
    {"owner": "coatings", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 120},
    {
        "owner": "coatings",
        "name": "甲类原料仓库",
        "kind": "chemical_warehouse",
        "storage_t": 100,
        "chemicals": {"108-88-3": 50, "141-78-6": 40},
    },
    {
        "owner": "trading",
        "name": "危险化学品仓库",
        "kind": "chemical_warehouse",
        "storage_t": 400,
        "chemicals": {
            "67-56-1": 100,
            "64-17-5": 100,
            "67-64-1": 50,
            "7664-93-9": 80,
            "1310-73-2": 50,
            "6484-52-2": 20,
        },
    },
    {"owner": "biopharma", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 150},
    {
        "owner": "biopharma",
        "name": "乙醇储罐区",
        "kind": "tank_farm",
        "storage_t": 400,
        "chemicals": {"64-17-5": 300, "67-64-1": 60},
    },
    {"owner": "electronic", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 100},
    {
        "owner": "electronic",
        "name": "电子级酸储罐区",
        "kind": "tank_farm",
        "storage_t": 450,
        "chemicals": {"7664-93-9": 300, "7697-37-2": 150},
    },
    {"owner": "power", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 50},
    {
        "owner": "power",
        "name": "脱硝液氨储罐区",
        "kind": "tank_farm",
        "storage_t": 60,
        "chemicals": {"7664-41-7": 60},
    },
    {"owner": "auto_parts", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 60},
    {"owner": "wastewater", "name": "污泥暂存库", "kind": "waste_store", "storage_t": 500},
    {
        "owner": "wastewater",
        "name": "加药间储罐",
        "kind": "tank_farm",
        "storage_t": 120,
        "chemicals": {"1310-73-2": 60, "7664-93-9": 60},
    },
    # Collectors' stores.
    {"owner": "oil_collector", "name": "废矿物油收集暂存库", "kind": "waste_store", "storage_t": 300},
    {"owner": "small_collector", "name": "小微危废集中收集贮存库", "kind": "waste_store", "storage_t": 800},
    # Receivers: the case-study capacities.
    {
        "owner": "disposal_centre",
        "name": "危险废物焚烧处置车间",
        "kind": "incinerator",
        "annual_t": 30_000,
    },
    {
        "owner": "disposal_centre",
        "name": "危险废物安全填埋场",
        "kind": "landfill",
        "annual_t": 90_000,
    },
    {"owner": "disposal_centre", "name": "危险废物贮存库", "kind": "waste_store", "storage_t": 5_000},
    {
        "owner": "incin_70",
        "name": "回转窑焚烧线（含3000吨贮存库）",
        "kind": "incinerator",
        "daily_t": 70,
        "storage_t": 3_000,
    },
    # Fed straight from the trucks into the kiln's feed pit: no store, a declared intake per day.
    {
        "owner": "incin_120",
        "name": "回转窑焚烧处置线",
        "kind": "incinerator",
        "daily_t": 120,
        "intake_t": 120,
    },
    {
        "owner": "recycling",
        "name": "废有机溶剂精馏回收装置",
        "kind": "utilisation",
        "annual_t": 20_000,
    },
    {
        "owner": "recycling",
        "name": "废酸物化处理线",
        "kind": "physicochemical",
        "annual_t": 6_500,
    },
    {
        "owner": "recycling",
        "name": "废碱及乳化液物化处理线",
        "kind": "physicochemical",
        "annual_t": 3_500,
    },
    {"owner": "recycling", "name": "原料贮存库", "kind": "waste_store", "storage_t": 1_500},
]


# Generators' recurring wastes with their dangerous-goods transport data (GB 6944 class, UN number,
# packing group) or why a waste is not dangerous goods for transport.
STREAMS: list[dict[str, Any]] = [
    {
        "owner": "fine_chem",
        "waste_code": "900-402-06",
        "name": "废有机溶剂（甲苯、甲醇）",
        "form": "liquid",
        "tags": ["organic"],
        "packaging": "200L钢桶",
        # Flash point below 23 °C, initial boiling point above 35 °C: flammable liquid, n.o.s., PG II.
        "dg": {"dg_class": "3", "un_number": "1993", "packing_group": "II"},
    },
    {
        "owner": "fine_chem",
        "waste_code": "900-013-11",
        "name": "精馏残渣",
        "form": "semi_solid",
        "tags": ["organic"],
        "packaging": "200L钢桶",
        # Environmentally hazardous substance, solid, n.o.s.
        "dg": {"dg_class": "9", "un_number": "3077", "packing_group": "III"},
    },
    {
        "owner": "fine_chem",
        "waste_code": "900-041-49",
        "name": "沾染危化品的废包装桶",
        "form": "solid",
        "tags": [],
        "packaging": "吨袋",
        # Packagings, discarded, empty, uncleaned: class 9 with no packing group.
        "dg": {"dg_class": "9", "un_number": "3509"},
    },
    {
        "owner": "dyestuff",
        "waste_code": "900-300-34",
        "name": "酸洗废液",
        "form": "liquid",
        "tags": ["acid"],
        "packaging": "1000L吨桶",
        # Corrosive liquid, acidic, inorganic, n.o.s.
        "dg": {"dg_class": "8", "un_number": "3264", "packing_group": "II"},
    },
    {
        "owner": "pharma_int",
        "waste_code": "900-039-49",
        "name": "废活性炭（VOCs治理）",
        "form": "solid",
        "tags": [],
        "packaging": "吨袋",
        "dg": {"not_dg_reason": "自热试验（UN N.4）结果为阴性，不属于第4.2项，也不符合其他类别的分类标准"},
    },
]


def _waste(category: str, modes: list[str], methods: list[str], annual_t: int) -> dict[str, Any]:
    return {"waste_category": category, "modes": modes, "methods": methods, "annual_t": annual_t}


_SD = ["store", "dispose"]
_CS = ["collect", "store"]

# Licences. `number` may use {uscc} and {year} (the year of valid_from); `from_days`/`to_days`
# are offsets from the load date. Lines: waste (category, modes, methods, t/a), chemical
# (CAS, max t) or transport (dangerous-goods class).
LICENCES: list[dict[str, Any]] = [
    # 危险废物经营许可证 (ecology and environment) for every receiver and collector.
    {
        "holder": "disposal_centre",
        "type": "hw_operating",
        "number": "浙危废经第3306040001号",
        "from_days": -800,
        "to_days": 1025,
        "lines": [
            _waste("HW06", _SD, ["D10"], 6_000),
            _waste("HW08", _SD, ["D10"], 5_000),
            _waste("HW11", _SD, ["D10"], 8_000),
            _waste("HW12", _SD, ["D10"], 6_000),
            _waste("HW49", _SD, ["D10"], 5_000),
            _waste("HW17", _SD, ["D1"], 40_000),
            _waste("HW50", _SD, ["D1"], 10_000),
            _waste("HW49", _SD, ["D1"], 40_000),
        ],
    },
    {
        "holder": "incin_70",
        "type": "hw_operating",
        "number": "浙危废经第3306040002号",
        "from_days": -400,
        "to_days": 1425,
        "lines": [
            _waste("HW06", _SD, ["D10"], 8_000),
            _waste("HW11", _SD, ["D10"], 8_000),
            _waste("HW12", _SD, ["D10"], 4_000),
            _waste("HW49", _SD, ["D10"], 3_000),
        ],
    },
    {
        "holder": "incin_120",
        "type": "hw_operating",
        "number": "浙危废经第3306040003号",
        "from_days": -1785,
        "to_days": 40,
        "note": "演示：许可证即将到期，已提交换证申请",
        "lines": [
            _waste("HW06", _SD, ["D10"], 10_000),
            _waste("HW08", _SD, ["D10"], 6_000),
            _waste("HW11", _SD, ["D10"], 12_000),
            _waste("HW12", _SD, ["D10"], 6_000),
            _waste("HW49", _SD, ["D10"], 5_600),
        ],
    },
    {
        "holder": "recycling",
        "type": "hw_operating",
        "number": "浙危废经第3306040004号",
        "from_days": -200,
        "to_days": 1625,
        "lines": [
            _waste("HW06", ["store", "utilise"], ["R2"], 20_000),
            _waste("HW34", _SD, ["D9"], 6_500),
            _waste("HW35", _SD, ["D9"], 2_000),
            _waste("HW09", _SD, ["D9"], 1_500),
        ],
    },
    {
        "holder": "oil_collector",
        "type": "hw_operating",
        "number": "浙危废经第3306040005号",
        "from_days": -1800,
        "to_days": 25,
        "note": "演示：许可证即将到期",
        "lines": [_waste("HW08", _CS, [], 3_000), _waste("HW49", _CS, [], 500)],
    },
    {
        "holder": "small_collector",
        "type": "hw_operating",
        "number": "浙危废经第3306040006号",
        "from_days": -300,
        "to_days": 1525,
        "lines": [
            _waste("HW06", _CS, [], 1_000),
            _waste("HW08", _CS, [], 1_500),
            _waste("HW12", _CS, [], 800),
            _waste("HW17", _CS, [], 700),
            _waste("HW49", _CS, [], 1_000),
        ],
    },
    # 危险化学品安全生产许可证 (emergency management).
    {
        "holder": "chlor_alkali",
        "type": "hc_production_safety",
        "number": "（浙）WH安许证字〔{year}〕0601",
        "from_days": -500,
        "to_days": 595,
        "lines": [{"cas": "7782-50-5", "max_t": 200}, {"cas": "1310-73-2", "max_t": 2_000}],
    },
    {
        "holder": "electronic",
        "type": "hc_production_safety",
        "number": "（浙）WH安许证字〔{year}〕0602",
        "from_days": -300,
        "to_days": 795,
        "status": "suspended",
        "note": "演示：停产整改期间暂扣",
        "lines": [{"cas": "7664-93-9", "max_t": 300}, {"cas": "7697-37-2", "max_t": 150}],
    },
    # 危险化学品安全使用许可证 (emergency management).
    {
        "holder": "fine_chem",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000101",
        "from_days": -365,
        "to_days": 730,
        "lines": [{"cas": "67-56-1", "max_t": 300}, {"cas": "108-88-3", "max_t": 200}],
    },
    {
        "holder": "pharma_int",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000102",
        "from_days": -200,
        "to_days": 895,
        "lines": [
            {"cas": "143-33-9", "max_t": 5},
            {"cas": "67-64-1", "max_t": 100},
            {"cas": "64-17-5", "max_t": 150},
            {"cas": "71-43-2", "max_t": 50},
        ],
    },
    {
        "holder": "new_material",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000103",
        "from_days": -1050,
        "to_days": 45,
        "note": "演示：许可证即将到期",
        "lines": [{"cas": "141-78-6", "max_t": 200}, {"cas": "67-64-1", "max_t": 80}],
    },
    {
        "holder": "fluoro",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000104",
        "from_days": -100,
        "to_days": 995,
        "lines": [{"cas": "7782-50-5", "max_t": 50}, {"cas": "7664-41-7", "max_t": 100}],
    },
    {
        "holder": "surfactant",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000105",
        "from_days": -600,
        "to_days": 495,
        "lines": [{"cas": "75-21-8", "max_t": 100}],
    },
    {
        # The one expired licence of the demo: recorded valid, but its end date has passed.
        "holder": "coatings",
        "type": "hc_safe_use",
        "number": "（浙）WH安使证字〔{year}〕000106",
        "from_days": -1107,
        "to_days": -12,
        "note": "演示：已过有效期，尚未换证",
        "lines": [{"cas": "108-88-3", "max_t": 50}, {"cas": "141-78-6", "max_t": 40}],
    },
    # 危险化学品经营许可证 (emergency management).
    {
        "holder": "trading",
        "type": "hc_operation",
        "number": "浙绍虞危化经字〔{year}〕000031",
        "from_days": -400,
        "to_days": 695,
        "lines": [
            {"cas": "67-56-1", "max_t": 100},
            {"cas": "64-17-5", "max_t": 100},
            {"cas": "67-64-1", "max_t": 50},
            {"cas": "7664-93-9", "max_t": 80},
            {"cas": "1310-73-2", "max_t": 50},
            {"cas": "6484-52-2", "max_t": 20},
        ],
    },
    # 剧毒化学品购买许可证 and 剧毒化学品道路运输通行证 (public security).
    {
        "holder": "pharma_int",
        "type": "toxic_purchase",
        "number": "绍公（虞）剧购字〔{year}〕0012",
        "from_days": -20,
        "to_days": 70,
        "lines": [{"cas": "143-33-9", "max_t": 2}],
    },
    {
        "holder": "carrier_dg",
        "type": "toxic_road_transport",
        "number": "绍公（虞）剧运字〔{year}〕0007",
        "from_days": -10,
        "to_days": 20,
        "note": "演示：单次运输通行证",
        "lines": [{"cas": "143-33-9", "max_t": 2}],
    },
    # 道路危险货物运输许可 (transport).
    {
        "holder": "carrier_dg",
        "type": "road_dg_transport",
        "number": "浙交运管许可绍字330604000101号",
        "from_days": -700,
        "to_days": 760,
        "lines": [{"dg_class": c} for c in ("3", "6.1", "8", "9")],
    },
    {
        "holder": "carrier_logistics",
        "type": "road_dg_transport",
        "number": "浙交运管许可绍字330604000102号",
        "from_days": -300,
        "to_days": 1160,
        "lines": [{"dg_class": c} for c in ("2", "3", "8")],
    },
    {
        "holder": "carrier_env",
        "type": "road_dg_transport",
        "number": "浙交运管许可绍字330604000103号",
        "from_days": -1400,
        "to_days": 52,
        "note": "演示：许可即将到期",
        "lines": [{"dg_class": c} for c in ("6.1", "8", "9")],
    },
    # 排污许可证 (ecology and environment): number = USCC + serial + P.
    *(
        {
            "holder": key,
            "type": "pollutant_discharge",
            "number": "{uscc}001P",
            "from_days": from_days,
            "to_days": from_days + 1825,
        }
        for key, from_days in (
            ("fine_chem", -700),
            ("dyestuff", -900),
            ("chlor_alkali", -400),
            ("power", -1000),
            ("wastewater", -600),
            ("disposal_centre", -800),
            ("incin_70", -400),
        )
    ),
    # 营业执照 (market regulation): its number is the USCC; long-term validity.
    *(
        {
            "holder": key,
            "type": "business_licence",
            "number": "{uscc}",
            "from_days": from_days,
            "to_days": 9000,
        }
        for key, from_days in (
            ("fine_chem", -3000),
            ("trading", -2500),
            ("disposal_centre", -3600),
            ("carrier_dg", -4000),
        )
    ),
]

VEHICLES: list[dict[str, Any]] = [
    {
        "carrier": "carrier_dg",
        "plate": "浙D82301",
        "certificate_no": "浙交运管绍字330604200101号",
        "dg_classes": ["3", "8", "9"],
        "to_days": 400,
    },
    {
        "carrier": "carrier_dg",
        "plate": "浙D82302",
        "certificate_no": "浙交运管绍字330604200102号",
        "dg_classes": ["6.1", "8"],
        "to_days": 200,
    },
    {
        "carrier": "carrier_dg",
        "plate": "浙D82303",
        "certificate_no": "浙交运管绍字330604200103号",
        "dg_classes": ["3"],
        "to_days": 35,
    },
    {
        "carrier": "carrier_logistics",
        "plate": "浙D67511",
        "certificate_no": "浙交运管绍字330604200201号",
        "dg_classes": ["2", "3"],
        "to_days": 500,
    },
    {
        "carrier": "carrier_logistics",
        "plate": "浙D67512",
        "certificate_no": "浙交运管绍字330604200202号",
        "dg_classes": ["8"],
        "to_days": 18,
    },
    {
        "carrier": "carrier_env",
        "plate": "浙D95001",
        "certificate_no": "浙交运管绍字330604200301号",
        "dg_classes": ["6.1", "8", "9"],
        "to_days": 300,
    },
    {
        "carrier": "carrier_env",
        "plate": "浙D95002",
        "certificate_no": "浙交运管绍字330604200302号",
        "dg_classes": ["9"],
        "to_days": 600,
    },
]

# Drivers' dangerous-goods qualification certificates (fictional numbers, not ID numbers).
DRIVERS: list[dict[str, Any]] = [
    {
        "key": "wang",
        "carrier": "carrier_dg",
        "name": "王建国",
        "certificate_no": "330604-DG-000101",
        "to_days": 1200,
    },
    {
        "key": "li",
        "carrier": "carrier_dg",
        "name": "李海峰",
        "certificate_no": "330604-DG-000102",
        "to_days": 30,
    },
    {
        "key": "chen",
        "carrier": "carrier_logistics",
        "name": "陈志强",
        "certificate_no": "330604-DG-000201",
        "to_days": 900,
    },
    {
        "key": "zhou",
        "carrier": "carrier_logistics",
        "name": "周利民",
        "certificate_no": "330604-DG-000202",
        "to_days": 15,
    },
    {
        "key": "zhang",
        "carrier": "carrier_env",
        "name": "张伟东",
        "certificate_no": "330604-DG-000301",
        "to_days": 1500,
    },
    {
        "key": "wu",
        "carrier": "carrier_env",
        "name": "吴国平",
        "certificate_no": "330604-DG-000302",
        "to_days": 700,
    },
]

# One account per role, and a dispatcher per carrier; `department` is a department kind
# (`department_name` as seeded from catalogues/licence-types.json, for the documentation),
# `enterprise` and `driver` are keys.
ACCOUNTS: list[dict[str, Any]] = [
    {"username": "admin", "role": "park_admin", "display_name": "园区管理员（演示）"},
    {
        "username": "eco",
        "role": "regulator",
        "display_name": "生态环境分局监管员（演示）",
        "department": "ecology_environment",
        "department_name": "生态环境分局",
    },
    {
        "username": "em",
        "role": "regulator",
        "display_name": "应急管理局监管员（演示）",
        "department": "emergency_management",
        "department_name": "应急管理局",
    },
    {
        "username": "police",
        "role": "regulator",
        "display_name": "公安局监管员（演示）",
        "department": "public_security",
        "department_name": "公安局（交警）",
    },
    {
        "username": "ehs",
        "role": "ehs_officer",
        "display_name": "沈立新（EHS，演示）",
        "enterprise": "fine_chem",
    },
    {"username": "driver", "role": "driver", "display_name": "王建国（驾驶员，演示）", "driver": "wang"},
    # One dispatcher per carrier: each sees and assigns its own carrier's legs only.
    {
        "username": "dispatcher",
        "role": "carrier_dispatcher",
        "display_name": "马建军（运输调度，演示）",
        "enterprise": "carrier_dg",
    },
    {
        "username": "dispatcher-logistics",
        "role": "carrier_dispatcher",
        "display_name": "曹永明（运输调度，演示）",
        "enterprise": "carrier_logistics",
    },
    {
        "username": "dispatcher-env",
        "role": "carrier_dispatcher",
        "display_name": "袁志华（运输调度，演示）",
        "enterprise": "carrier_env",
    },
    {
        "username": "receiver",
        "role": "receiver_operator",
        "display_name": "任国栋（接收操作员，演示）",
        "enterprise": "disposal_centre",
    },
]
