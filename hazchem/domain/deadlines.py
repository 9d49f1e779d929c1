"""Deadlines on the Chinese working-day calendar: a calendar built from plain data,
working-day arithmetic, the named deadline rules with their legal basis, and an item's status.

Pure: the calendar's dates come from the service layer (hazchem.services.platform.calendar), never from
a package imported here. A year is covered when its official arrangement is known (entered by the park
or shipped by a package); other years count weekends plus whatever dates are given for them (statutory
holidays computed ahead, without make-up working days), and every answer computed that way carries
`fallback=True` so the UI can warn that it is provisional."""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from hazchem.domain import oversight_messages as msg
from hazchem.domain.custody import DEFAULT_STORAGE_WARNING_DAYS, STORAGE_LIMIT_DAYS
from hazchem.domain.errors import HazchemError, InvalidInput, NotFound, Said, said

CHINA_TIME = timezone(timedelta(hours=8))


class CalendarNotCovered(HazchemError):
    """A strict calendar was asked about a year its holiday data does not cover."""

    code = "calendar_not_covered"


def china_date(moment: date | datetime) -> date:
    """The Beijing calendar date of a stored moment (naive datetimes are UTC, as hazchem stores them)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(CHINA_TIME).date()
    return moment


def _as_date(value: date | str) -> date:
    """Accept a date or its ISO text (YYYY-MM-DD), as configuration files give them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            msg.DEADLINE_NOT_A_DATE, details=[{"value": str(value)}], value=str(value)
        ) from None


# --- The calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """Official rest days (法定节假日) and make-up working days (调休上班) for the years in `years`.

    A day is a working day when it is a make-up working day, or a Monday to Friday that is not a
    holiday. For a year outside `years` the same rule runs on whatever dates were given (usually
    none, so weekends only) and the answer is flagged as a fallback; with `strict=True` such a
    question is refused instead."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    strict: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        """Refuse a day that is both a holiday and a make-up working day."""
        clash = sorted(self.holidays & self.workdays)
        if clash:
            raise InvalidInput(
                msg.DEADLINE_HOLIDAY_AND_WORKDAY,
                details=[{"dates": [d.isoformat() for d in clash]}],
                count=len(clash),
                dates=", ".join(d.isoformat() for d in clash[:5]),
            )

    @classmethod
    def from_data(
        cls,
        *,
        holidays: Iterable[date | str] = (),
        workdays: Iterable[date | str] = (),
        years: Iterable[int] = (),
        strict: bool = False,
        source: str = "",
    ) -> WorkCalendar:
        """Build a calendar from plain data (dates or ISO strings), as read from a file or a package."""
        return cls(
            holidays=frozenset(_as_date(d) for d in holidays),
            workdays=frozenset(_as_date(d) for d in workdays),
            years=frozenset(int(y) for y in years),
            strict=strict,
            source=source,
        )

    def covers(self, day: date) -> bool:
        """Tell whether the holiday data covers this day's year (otherwise the fallback answers)."""
        return day.year in self.years

    def _check(self, day: date) -> None:
        """Refuse an uncovered year when the calendar is strict."""
        if self.strict and not self.covers(day):
            covered = f"{min(self.years)}–{max(self.years)}" if self.years else msg.DEADLINE_NONE_COVERED()
            raise CalendarNotCovered(
                msg.DEADLINE_NOT_COVERED,
                details=[{"year": day.year, "covered": sorted(self.years)}],
                year=day.year,
                covered=covered,
            )

    def is_working_day(self, day: date) -> bool:
        """A make-up working day, or a weekday that is not an official rest day."""
        self._check(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def uses_fallback(self, first: date, last: date) -> bool:
        """Tell whether any day from `first` to `last` (either order) lies in an uncovered year."""
        return bool(self.uncovered_years(first, last))

    def uncovered_years(self, first: date, last: date) -> list[int]:
        """The years from `first` to `last` (either order) without a published arrangement."""
        low, high = min(first, last), max(first, last)
        return [year for year in range(low.year, high.year + 1) if year not in self.years]

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`: counting starts the day after (start itself never counts)."""
        if n < 0:
            return self.subtract_working_days(start, -n)
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def subtract_working_days(self, end: date, n: int) -> date:
        """The n-th working day before `end`: counting starts the day before (end itself never counts)."""
        if n < 0:
            return self.add_working_days(end, -n)
        day, left = end, n
        while left:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


# The years an arrangement may be entered for.
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class YearArrangement:
    """A year's official holiday arrangement as the park enters it: every rest day and make-up working day."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date] = frozenset()

    @classmethod
    def parse(
        cls, year: int, holidays: Iterable[date | str], workdays: Iterable[date | str] = ()
    ) -> YearArrangement:
        """Check entered dates: each a real date of `year`, none twice, none both rest and work.

        Every problem is reported at once, each detail naming its `problem` code and `value`, so a form
        can say in the reader's language what to fix."""
        if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(
                msg.DEADLINE_YEAR_RANGE,
                details=[{"field": "year", "problem": "calendar.year_range", "value": str(year)}],
                min=MIN_YEAR,
                max=MAX_YEAR,
            )
        problems: list[dict[str, Any]] = []
        parsed: dict[str, list[date]] = {}
        for key, values in (("holidays", holidays), ("workdays", workdays)):
            seen: list[date] = []
            for value in values:
                text = value.isoformat() if isinstance(value, date) else str(value).strip()
                if not text:
                    continue
                try:
                    day = _as_date(value)
                except InvalidInput:
                    problems.append({"field": key, "problem": "calendar.not_a_date", "value": text})
                    continue
                if day.year != year:
                    problems.append(
                        {"field": key, "problem": "calendar.outside_year", "value": text, "year": year}
                    )
                elif day in seen:
                    problems.append({"field": key, "problem": "calendar.duplicate", "value": text})
                else:
                    seen.append(day)
            parsed[key] = seen
        for day in sorted(set(parsed["holidays"]) & set(parsed["workdays"])):
            problems.append({"field": "workdays", "problem": "calendar.both", "value": day.isoformat()})
        if not parsed["holidays"] and not problems:
            problems.append({"field": "holidays", "problem": "calendar.no_holidays", "value": ""})
        if problems:
            raise InvalidInput(
                msg.DEADLINE_ARRANGEMENT_INVALID,
                details=problems,
                year=year,
                problems="; ".join(
                    f"{p['field']} {p['value']!s}: {p['problem']}".strip() for p in problems[:10]
                ),
            )
        return cls(year, frozenset(parsed["holidays"]), frozenset(parsed["workdays"]))


def compose_calendar(
    official: WorkCalendar,
    *,
    statutory: Iterable[date] = (),
    arrangements: Iterable[YearArrangement] = (),
    source: str = "",
) -> WorkCalendar:
    """One calendar from three sources, per year: an entered arrangement replaces that year's data, the
    official data (a package, the override file) covers its years, and statutory holidays computed ahead
    fill the rest as given dates of uncovered years, so answers there stay flagged as provisional."""
    arranged = {a.year: a for a in arrangements}
    holidays = {d for d in official.holidays if d.year not in arranged}
    workdays = {d for d in official.workdays if d.year not in arranged}
    holidays |= {
        d for d in statutory if d.year not in official.years and d.year not in arranged and d not in workdays
    }
    for arrangement in arranged.values():
        holidays |= arrangement.holidays
        workdays |= arrangement.workdays
    return WorkCalendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        years=official.years | frozenset(arranged),
        strict=official.strict,
        source=source or official.source,
    )


# --- Rules --------------------------------------------------------------------------------------


class Unit(StrEnum):
    """How a rule's offset is counted."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class Party(StrEnum):
    """Who must act before the due date; the caller supplies which enterprise that is."""

    GENERATOR = "generator"
    CARRIER = "carrier"
    RECEIVER = "receiver"
    STORER = "storer"
    LICENCE_HOLDER = "licence_holder"
    PLAN_HOLDER = "plan_holder"
    RESOURCE_OWNER = "resource_owner"


PARTY_NAMES: dict[Party, tuple[str, str]] = {
    Party.GENERATOR: ("移出人（产生单位）", "generator (consignor)"),
    Party.CARRIER: ("承运人", "carrier"),
    Party.RECEIVER: ("接受人", "receiver"),
    Party.STORER: ("贮存单位", "storing unit"),
    Party.LICENCE_HOLDER: ("持证单位", "licence holder"),
    Party.PLAN_HOLDER: ("预案编制单位", "plan holder"),
    Party.RESOURCE_OWNER: ("应急资源管理单位", "resource keeper"),
}


class DeadlineStatus(StrEnum):
    """Where an open obligation stands on `today`."""

    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineRule:
    """A named, visible deadline rule: what it is, why (legal basis), who acts and how the due date runs.

    The due date is `anchor + offset unit` (offset < 0 counts back from the anchor), or, when
    `month_day` is set, that day of the anchor's year, or, when `day_of_month` is set, that day of the
    anchor's month. `roll` moves a due date that lands on a rest
    day to the next working day; working-day offsets always land on a working day already.
    `warn_days` is how many calendar days before the due date an item becomes due_soon."""

    code: str
    name_zh: str
    name_en: str
    basis: str
    party: Party
    anchor: str
    offset: int = 0
    unit: Unit = Unit.CALENDAR_DAYS
    month_day: tuple[int, int] | None = None
    roll: bool = False
    warn_days: int = 0
    day_of_month: int | None = None

    def __post_init__(self) -> None:
        """Refuse a rule that cannot compute a due date."""
        if self.warn_days < 0:
            raise InvalidInput(msg.DEADLINE_RULE_NEGATIVE_WARN, rule=self.code)
        # Up to 28, so the day exists in every month.
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 28:
            raise InvalidInput(msg.DEADLINE_RULE_DAY_OF_MONTH, rule=self.code)
        if self.month_day is not None:
            month, day = self.month_day
            if not (1 <= month <= 12 and 1 <= day <= _gregorian.monthrange(2001, month)[1]):
                raise InvalidInput(msg.DEADLINE_RULE_NO_SUCH_DAY, rule=self.code, day=str(self.month_day))

    @property
    def name(self) -> Said:
        """The rule's name, to be said in the reader's language (English `name_en` if it has no message)."""
        known = msg.RULE_NAMES.get(self.code)
        return known() if known is not None else said(self.name_en, {})

    def window(self) -> Said:
        """How the due date is computed, to be said in the reader's language."""
        anchor: Any = msg.ANCHORS.get(self.anchor) or self.anchor
        if self.month_day is not None:
            month, day = self.month_day
            text = msg.WINDOW_BY_MONTH_DAY(day=day, month=msg.MONTHS[month], anchor=anchor)
        elif self.day_of_month is not None:
            text = msg.WINDOW_BY_DAY_OF_MONTH(day=self.day_of_month, anchor=anchor)
        elif self.offset == 0:
            text = msg.WINDOW_ON(anchor=anchor)
        else:
            amount = abs(self.offset)
            unit = "month" if self.unit is Unit.MONTHS and amount == 1 else self.unit.value
            side = "after" if self.offset > 0 else "before"
            text = msg.WINDOW_OFFSETS[unit, side](amount=amount, anchor=anchor)
        if self.roll:
            text = msg.WINDOW_ROLLED(window=text)
        return text

    def describe(self) -> str:
        """How the due date is computed, in English words (the audit and the English API)."""
        return str(self.window())

    def as_dict(self) -> dict[str, Any]:
        """The rule as plain data for the API and the UI."""
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "basis": self.basis,
            "party": self.party.value,
            "party_zh": PARTY_NAMES[self.party][0],
            "party_en": PARTY_NAMES[self.party][1],
            "anchor": self.anchor,
            "offset": self.offset,
            "unit": self.unit.value,
            "month_day": list(self.month_day) if self.month_day else None,
            "day_of_month": self.day_of_month,
            "roll": self.roll,
            "warn_days": self.warn_days,
            "computation": self.describe(),
            "name_code": self.name.code,
            **{f"computation_{k}": v for k, v in self.window().as_dict().items()},
        }


TRANSFER_MEASURES = "《危险废物转移管理办法》（生态环境部 公安部 交通运输部令第23号，2022年1月1日起施行）"

RECEIPT_CONFIRMATION = DeadlineRule(
    code="manifest.receipt_confirmation",
    name_zh="接受人确认接收",
    name_en="Receipt confirmation",
    basis=f"{TRANSFER_MEASURES}：接受人应当对运抵的危险废物进行核实验收，"
    "并在运抵后五个工作日内在信息系统中确认接受",
    party=Party.RECEIVER,
    anchor="arrival",
    offset=5,
    unit=Unit.WORKING_DAYS,
    warn_days=2,
)

PAPER_BACKFILL = DeadlineRule(
    code="manifest.paper_backfill",
    name_zh="纸质联单补录电子联单",
    name_en="Electronic backfill of a paper manifest",
    basis=f"{TRANSFER_MEASURES}：因特殊情况使用纸质转移联单的，"
    "应当在转移活动完成后十个工作日内在信息系统中补录电子转移联单",
    party=Party.GENERATOR,
    anchor="completion of the transfer",
    offset=10,
    unit=Unit.WORKING_DAYS,
    warn_days=3,
)

STORAGE_ONE_YEAR = DeadlineRule(
    code="storage.one_year",
    name_zh="危险废物贮存期限（不超过一年）",
    name_en="Storage limit of one year",
    basis="《中华人民共和国固体废物污染环境防治法》（2020年修订）第八十一条第三款："
    "从事收集、贮存、利用、处置危险废物经营活动的单位，贮存危险废物不得超过一年；"
    "确需延长期限的，应当报经颁发许可证的生态环境主管部门批准；法律、行政法规另有规定的除外。"
    "hazchem 对园区内所有贮存设施以入库日起一个日历年计（至次年同月同日，与贮存时钟一致），不顺延",
    party=Party.STORER,
    anchor="put-away date",
    offset=12,
    unit=Unit.MONTHS,
    warn_days=STORAGE_LIMIT_DAYS - DEFAULT_STORAGE_WARNING_DAYS,
)

LICENCE_EXPIRY = DeadlineRule(
    code="licence.expiry",
    name_zh="许可证有效期届满",
    name_en="Licence expiry",
    basis="许可证载明的有效期限：有效期最后一日（valid_to）之后许可证失效，不顺延",
    party=Party.LICENCE_HOLDER,
    anchor="last day of validity",
    warn_days=60,
)

LICENCE_RENEWAL = DeadlineRule(
    code="licence.renewal",
    name_zh="许可证延续申请",
    name_en="Licence renewal application",
    basis="《中华人民共和国行政许可法》第五十条：被许可人需要延续行政许可有效期的，应当在有效期届满三十日前"
    "向作出行政许可决定的行政机关提出申请；法律、法规、规章另有规定的，依照其规定",
    party=Party.LICENCE_HOLDER,
    anchor="last day of validity",
    offset=-30,
    unit=Unit.CALENDAR_DAYS,
    warn_days=30,
)

LICENCE_RENEWAL_HW_OPERATING = replace(
    LICENCE_RENEWAL,
    code="licence.renewal.hw_operating",
    name_zh="危险废物经营许可证换证申请",
    name_en="Hazardous waste operating licence renewal application",
    basis="《危险废物经营许可证管理办法》（国务院令第408号，2016年修订）：危险废物经营许可证有效期届满，"
    "继续从事危险废物经营活动的，应当于有效期届满30个工作日前向原发证机关提出换证申请",
    offset=-30,
    unit=Unit.WORKING_DAYS,
)

LICENCE_RENEWAL_SAFETY_PRODUCTION = replace(
    LICENCE_RENEWAL,
    code="licence.renewal.safety_production",
    name_zh="安全生产许可证延期申请",
    name_en="Safety production licence extension application",
    basis="《安全生产许可证条例》第九条：安全生产许可证有效期满需要延期的，"
    "企业应当于期满前3个月向原安全生产许可证颁发管理机关办理延期手续",
    offset=-3,
    unit=Unit.MONTHS,
)

MANAGEMENT_PLAN = DeadlineRule(
    code="annual.management_plan",
    name_zh="年度危险废物管理计划备案",
    name_en="Annual hazardous waste management plan",
    basis="《中华人民共和国固体废物污染环境防治法》第七十八条；《危险废物管理计划和管理台账制定技术导则》"
    "（HJ 1259—2022）：产生危险废物的单位应于每年3月31日前通过信息系统提交当年度危险废物管理计划备案",
    party=Party.GENERATOR,
    anchor="plan year",
    month_day=(3, 31),
    warn_days=30,
)

ANNUAL_DECLARATION = DeadlineRule(
    code="annual.declaration",
    name_zh="上一年度危险废物申报",
    name_en="Annual declaration of the previous year's hazardous waste",
    basis="《中华人民共和国固体废物污染环境防治法》第七十八条；《关于推进危险废物环境管理信息化有关工作的通知》"
    "（环办固体函〔2020〕733号）：于每年3月31日前通过固体废物管理信息系统申报上一年度危险废物的种类、"
    "产生量、流向、贮存、处置等有关情况",
    party=Party.GENERATOR,
    anchor="year the declaration is due in (it covers the year before)",
    month_day=(3, 31),
    warn_days=30,
)

HJ_1259 = "《危险废物管理计划和管理台账制定技术导则》（HJ 1259—2022）"

# The due day of the periodic declarations is a rule parameter (`day_of_month`, `roll`), configurable
# with configure_rules like every other window.
MONTHLY_DECLARATION = DeadlineRule(
    code="declaration.monthly",
    name_zh="危险废物月度申报（重点监管单位）",
    name_en="Monthly hazardous waste declaration (key supervised unit)",
    basis=f"{HJ_1259}：危险废物环境重点监管单位按月度申报危险废物的种类、产生量、流向、贮存、利用处置等有关资料；"
    "重点监管单位包括年产生危险废物100吨及以上的单位。"
    "hazchem 取次月15日前完成上月申报，遇休息日顺延至下一工作日",
    party=Party.GENERATOR,
    anchor="month after the declared month",
    day_of_month=15,
    roll=True,
    warn_days=10,
)

QUARTERLY_DECLARATION = DeadlineRule(
    code="declaration.quarterly",
    name_zh="危险废物季度申报（简化管理单位）",
    name_en="Quarterly hazardous waste declaration (simplified-management unit)",
    basis=f"{HJ_1259}：危险废物简化管理单位按季度申报危险废物有关资料。"
    "hazchem 取季度结束后次月15日前完成上一季度申报，遇休息日顺延至下一工作日",
    party=Party.GENERATOR,
    anchor="month after the declared quarter",
    day_of_month=15,
    roll=True,
    warn_days=15,
)

CROSS_PROVINCE_APPROVAL = DeadlineRule(
    code="transfer_approval.expiry",
    name_zh="跨省转移批准有效期届满",
    name_en="Cross-province transfer approval expiry",
    basis="《中华人民共和国固体废物污染环境防治法》第八十二条（跨省转移危险废物须经移出地省级生态环境主管部门批准，"
    f"未经批准不得转移）；{TRANSFER_MEASURES}第四章：批准文件载明的有效期届满后不得凭其转移，不顺延",
    party=Party.GENERATOR,
    anchor="last day of the approval",
    warn_days=30,
)

# Emergency preparedness: the due dates are the ones the plan or resource records (set by its keeper
# under the plan's own review and drill cycle), so each rule falls due on its anchor.
EMERGENCY_PLAN_REVIEW = DeadlineRule(
    code="emergency.plan_review",
    name_zh="应急预案评估修订",
    name_en="Emergency plan review",
    basis="《突发事件应急预案管理办法》：应急预案编制单位应当建立应急预案定期评估制度，分析应急预案内容的"
    "针对性、实用性和可操作性等，实现应急预案的动态优化和科学规范管理。"
    "hazchem 以预案记录的下次评估日期为期限",
    party=Party.PLAN_HOLDER,
    anchor="review date the plan records",
    warn_days=30,
)

EMERGENCY_DRILL = DeadlineRule(
    code="emergency.drill",
    name_zh="应急预案演练",
    name_en="Emergency plan drill",
    basis="《生产安全事故应急条例》第八条：危险化学品等危险物品的生产、经营、储存、运输单位应当至少每半年"
    "组织1次生产安全事故应急救援预案演练。hazchem 以预案记录的下次演练日期为期限",
    party=Party.PLAN_HOLDER,
    anchor="drill date the plan records",
    warn_days=30,
)

RESOURCE_INSPECTION = DeadlineRule(
    code="emergency.resource_inspection",
    name_zh="应急资源检查维护",
    name_en="Emergency resource inspection",
    basis="应急预案所列应急队伍、装备、物资、事故应急池和监测能力应定期检查、维护，确保处于可用状态。"
    "hazchem 以资源记录的下次检查日期为期限",
    party=Party.RESOURCE_OWNER,
    anchor="inspection date the resource records",
    warn_days=14,
)

RESOURCE_EXPIRY = DeadlineRule(
    code="emergency.resource_expiry",
    name_zh="应急物资有效期届满",
    name_en="Emergency supplies expiry",
    basis="应急物资、装备超过有效期或检定有效期的，应当及时更新补充。hazchem 以资源记录的有效期为期限",
    party=Party.RESOURCE_OWNER,
    anchor="last day of validity",
    warn_days=30,
)

EMERGENCY_RULES = (EMERGENCY_PLAN_REVIEW, EMERGENCY_DRILL, RESOURCE_INSPECTION, RESOURCE_EXPIRY)

RULES: dict[str, DeadlineRule] = {
    r.code: r
    for r in (
        RECEIPT_CONFIRMATION,
        PAPER_BACKFILL,
        STORAGE_ONE_YEAR,
        LICENCE_EXPIRY,
        LICENCE_RENEWAL,
        LICENCE_RENEWAL_HW_OPERATING,
        LICENCE_RENEWAL_SAFETY_PRODUCTION,
        MANAGEMENT_PLAN,
        ANNUAL_DECLARATION,
        MONTHLY_DECLARATION,
        QUARTERLY_DECLARATION,
        CROSS_PROVINCE_APPROVAL,
        *EMERGENCY_RULES,
    )
}

# Which periodic declaration each management class files besides the annual one; registration-management
# units (and enterprises whose class is not recorded) declare only once a year.
DECLARATION_RULE_BY_CLASS: dict[str, str] = {
    "key": MONTHLY_DECLARATION.code,
    "simplified": QUARTERLY_DECLARATION.code,
}

# A generator of this many tonnes a year or more is a key supervised unit.
KEY_GENERATOR_TONNES = 100

# Licence types (catalogues/licence-types.json codes) whose own rules set the renewal window;
# every other type follows the general 30-day rule of the Administrative Licensing Law.
RENEWAL_RULE_BY_LICENCE_TYPE: dict[str, str] = {
    "hw_operating": LICENCE_RENEWAL_HW_OPERATING.code,
    "hc_production_safety": LICENCE_RENEWAL_SAFETY_PRODUCTION.code,
}

_TUNABLE = {"offset", "unit", "roll", "warn_days", "month_day", "day_of_month"}


def configure_rules(
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    base: Mapping[str, DeadlineRule] = RULES,
) -> dict[str, DeadlineRule]:
    """Rules with per-code overrides of their window, e.g. {"licence.renewal": {"offset": -45}}."""
    rules = dict(base)
    for code, changes in (overrides or {}).items():
        if code not in rules:
            raise InvalidInput(
                msg.DEADLINE_NO_RULE, details=[{"rule": code, "known": sorted(rules)}], rule=code
            )
        unknown = set(changes) - _TUNABLE
        if unknown:
            raise InvalidInput(
                msg.DEADLINE_RULE_NOT_CONFIGURABLE,
                details=[{"rule": code, "configurable": sorted(_TUNABLE)}],
                rule=code,
                names=", ".join(sorted(unknown)),
            )
        values = dict(changes)
        if "unit" in values:
            values["unit"] = Unit(values["unit"])
        if values.get("month_day") is not None:
            values["month_day"] = tuple(int(x) for x in values["month_day"])
        if "offset" in values:
            values["offset"] = int(values["offset"])
        if "warn_days" in values:
            values["warn_days"] = int(values["warn_days"])
        if values.get("day_of_month") is not None:
            values["day_of_month"] = int(values["day_of_month"])
        rules[code] = replace(rules[code], **values)
    return rules


def get_rule(code: str, rules: Mapping[str, DeadlineRule] = RULES) -> DeadlineRule:
    """Look a rule up by its stable code."""
    try:
        return rules[code]
    except KeyError:
        raise NotFound(msg.DEADLINE_NO_RULE, details=[{"rule": code}], rule=code) from None


def renewal_rule(licence_type: str, rules: Mapping[str, DeadlineRule] = RULES) -> DeadlineRule:
    """The renewal rule for a licence type: its own rule where one is known, else the general one."""
    return get_rule(RENEWAL_RULE_BY_LICENCE_TYPE.get(licence_type, LICENCE_RENEWAL.code), rules)


# --- Due dates and status -----------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The same day `months` away, clamped to that month's end (31 March - 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueDate:
    """A computed due date and whether computing it counted on a year without a published arrangement
    (`fallback`), naming those years."""

    due: date
    fallback: bool
    # Detail of `fallback`, so equality stays about the due date and the flag.
    provisional_years: tuple[int, ...] = field(default=(), compare=False)


def due_date(rule: DeadlineRule, anchor: date | datetime, cal: WorkCalendar) -> DueDate:
    """Compute a rule's due date from its anchor (datetimes are taken as their Beijing date)."""
    start = china_date(anchor)
    uncovered: set[int] = set()
    if rule.month_day is not None:
        due = date(start.year, *rule.month_day)
    elif rule.day_of_month is not None:
        due = date(start.year, start.month, rule.day_of_month)
    elif rule.unit is Unit.WORKING_DAYS:
        due = cal.add_working_days(start, rule.offset)
        if rule.offset != 0:
            uncovered.update(cal.uncovered_years(start + timedelta(days=1 if rule.offset > 0 else -1), due))
    elif rule.unit is Unit.MONTHS:
        due = _add_months(start, rule.offset)
    else:
        due = start + timedelta(days=rule.offset)
    if rule.roll:
        rolled = cal.next_working_day(due)
        uncovered.update(cal.uncovered_years(due, rolled))
        due = rolled
    return DueDate(due, bool(uncovered), tuple(sorted(uncovered)))


@dataclass(frozen=True)
class DeadlineFacts:
    """One open obligation: which rule, the date its clock starts from, and who and what it concerns."""

    rule: str
    anchor: date | datetime
    subject: str = ""
    party_id: int | None = None
    party_name: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    """Where one obligation stands on `today`: its status, due date, days left, rule and responsible party."""

    rule: DeadlineRule
    subject: str
    anchor: date
    due: date
    today: date
    status: DeadlineStatus
    days_left: int
    party: Party
    party_id: int | None = None
    party_name: str = ""
    fallback: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    # The years without a published arrangement that the due date was counted across.
    provisional_years: tuple[int, ...] = ()

    @property
    def is_open_alert(self) -> bool:
        """Overdue or nearly due items are the ones regulators are shown."""
        return self.status is not DeadlineStatus.OK

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the API and templates; `fallback` tells the UI to warn about the calendar."""
        body = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in {"rule", "extra"}}
        body.update(
            rule=self.rule.code,
            rule_name_zh=self.rule.name_zh,
            rule_name_en=self.rule.name_en,
            basis=self.rule.basis,
            anchor=self.anchor.isoformat(),
            due=self.due.isoformat(),
            today=self.today.isoformat(),
            status=self.status.value,
            party=self.party.value,
            party_zh=PARTY_NAMES[self.party][0],
            party_en=PARTY_NAMES[self.party][1],
            extra=dict(self.extra),
            provisional_years=list(self.provisional_years),
        )
        return body


def classify(due: date, today: date, warn_days: int) -> DeadlineStatus:
    """Overdue only after the due day; due_soon from `warn_days` before it through the due day itself."""
    left = (due - today).days
    if left < 0:
        return DeadlineStatus.OVERDUE
    if left <= warn_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.OK


def declaration_periods(management_class: str, today: date) -> list[tuple[str, str, date]]:
    """The periodic declarations a class owes in `today`'s year: (rule code, period, anchor), where the
    period is 2027-03 or 2027-Q1 and the anchor the first day of the month after it (when it falls due).

    Periods ending in the year before count from the one due this January, so a period stays listed
    until it is filed, but no further back than the current year."""
    code = DECLARATION_RULE_BY_CLASS.get(management_class)
    if code is None:
        return []
    periods = []
    for month in range(1, today.month + 1):
        anchor = date(today.year, month, 1)
        last = _add_months(anchor, -1)
        if code == MONTHLY_DECLARATION.code:
            periods.append((code, f"{last.year}-{last.month:02d}", anchor))
        elif last.month % 3 == 0:
            periods.append((code, f"{last.year}-Q{last.month // 3}", anchor))
    return periods


def evaluate(
    facts: DeadlineFacts,
    today: date,
    cal: WorkCalendar,
    rules: Mapping[str, DeadlineRule] = RULES,
) -> Deadline:
    """The status of one open obligation on `today` under its rule and the working-day calendar."""
    rule = get_rule(facts.rule, rules)
    computed = due_date(rule, facts.anchor, cal)
    return Deadline(
        rule=rule,
        subject=facts.subject,
        anchor=china_date(facts.anchor),
        due=computed.due,
        today=today,
        status=classify(computed.due, today, rule.warn_days),
        days_left=(computed.due - today).days,
        party=rule.party,
        party_id=facts.party_id,
        party_name=facts.party_name,
        fallback=computed.fallback,
        extra=facts.extra,
        provisional_years=computed.provisional_years,
    )


def provisional_years(items: Iterable[Deadline]) -> list[int]:
    """The years without a published arrangement that any of these due dates counted across."""
    return sorted({year for item in items for year in item.provisional_years})


def evaluate_all(
    items: Iterable[DeadlineFacts],
    today: date,
    cal: WorkCalendar,
    rules: Mapping[str, DeadlineRule] = RULES,
    *,
    open_only: bool = False,
) -> list[Deadline]:
    """Evaluate many obligations, most urgent first; `open_only` keeps overdue and due-soon ones."""
    results = [evaluate(item, today, cal, rules) for item in items]
    if open_only:
        results = [r for r in results if r.is_open_alert]
    return sorted(results, key=lambda r: (r.due, r.rule.code, r.subject))
