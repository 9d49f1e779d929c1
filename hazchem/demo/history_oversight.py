"""The regulators' and the enterprises' paperwork over the demo year: alert sweeps and acknowledgements,
review notes and correction requests, annual and periodic filings, supervision grades with reasons.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from hazchem.demo import data
from hazchem.demo.world import World, at, officer, regulator
from hazchem.models import Alert, Manifest
from hazchem.services.oversight import alerts, deadlines, grading, review

# Who acknowledges the alerts of each department.
ACKNOWLEDGERS = {"ecology_environment": "eco", "emergency_management": "em", "public_security": "police"}
# Generators that are late with this year's management plan, so the deadline list has overdue items.
LATE_PLAN = {"coatings", "auto_parts"}
# The key unit whose last monthly declaration is still missing.
LATE_MONTHLY = "surfactant"
GRADES = [
    ("power", "A", "脱硝液氨储罐区构成重大危险源（Σq/Q>1），列为重点监管"),
    ("coatings", "B", "危险化学品安全使用许可证已过有效期尚未换证，加强监管"),
    ("dyestuff", "B", "年内两次转移联单磅差超过5%，加强抽查"),
    ("auto_parts", "C", "危险废物产生量小、管理台账规范，一般监管"),
]


def _generators() -> list[dict]:
    return [e for e in data.ENTERPRISES if "waste_generator" in e["roles"]]


def plan(world: World, start: date, manifests: list[tuple[int, str, str, date]]) -> None:
    """Schedule the year's sweeps, acknowledgements, reviews, filings and grades."""
    day = start + timedelta(days=(7 - start.weekday()) % 7)
    while day <= world.today:
        # The nightly job's weekly run (`hazchem alerts sweep`), and the regulators' weekly read.
        world.later(at(day, 6), lambda: alerts.sweep(session=world.session))
        world.later(at(day, 9, 30), lambda d=day: _acknowledge(world, d))
        day += timedelta(days=7)
    _plan_filings(world, start)
    for turn, (key, grade, note) in enumerate(GRADES):
        moment = at(start + timedelta(days=40 + 70 * turn), 14)
        world.later(moment, lambda k=key, g=grade, n=note: _grade(world, k, g, n))
    # The year ends swept as of the moment it is loaded, whatever the hour.
    world.later(world.until, lambda: alerts.sweep(session=world.session))
    world.later(at(world.today - timedelta(days=30), 15), lambda: _review(world, manifests))
    world.later(at(world.today - timedelta(days=28), 10), lambda: _answer(world))
    world.later(at(world.today - timedelta(days=2), 15), lambda: _ask_again(world, manifests))


def _acknowledge(world: World, day: date) -> None:
    """Each department reads its alerts raised over a week ago and acknowledges most with a note."""
    cutoff = at(day - timedelta(days=7), 0)
    open_alerts = world.session.exec(
        select(Alert)
        .where(col(Alert.acknowledged_at).is_(None), col(Alert.raised_at) < cutoff)
        .order_by(col(Alert.id))
    ).all()
    for alert in open_alerts:
        username = ACKNOWLEDGERS.get(alert.department_kind or "")
        if username is None or world.rng.random() < 0.3:
            continue
        alerts.acknowledge(
            session=world.session,
            actor=regulator(world, username),
            alert_id=alert.id,
            note=world.rng.choice(
                ["已电话核实，企业已整改", "已现场检查，情况属实，督促限期处理", "已通知企业说明情况"]
            ),
        )
        world.note("acknowledgements")


def _plan_filings(world: World, start: date) -> None:
    this_year = world.today.year
    for index, spec in enumerate(_generators()):
        key = spec["key"]
        declared = date(this_year, 3, 1) + timedelta(days=index)
        if start < declared <= world.today:
            world.later(at(declared, 10), lambda k=key: _file(world, k, "declaration", year=this_year - 1))
        planned = date(this_year, 2, 10) + timedelta(days=index)
        if key not in LATE_PLAN and start < planned <= world.today:
            world.later(at(planned, 10), lambda k=key: _file(world, k, "management_plan", year=this_year))
        management = data.MANAGEMENT_CLASS_BY_GRADE.get(spec.get("grade", ""), "")
        month = date(start.year, start.month, 1)
        while True:
            month = (month + timedelta(days=32)).replace(day=1)
            filed = month + timedelta(days=8 + index % 5)
            if filed > world.today:
                break
            ended = month - timedelta(days=1)
            last = (month + timedelta(days=32)).replace(day=1) + timedelta(days=8) > world.today
            if management == "key" and not (key == LATE_MONTHLY and last):
                period = f"{ended.year}-{ended.month:02d}"
                world.later(
                    at(filed, 11), lambda k=key, p=period: _file(world, k, "monthly_declaration", period=p)
                )
            if management == "simplified" and ended.month % 3 == 0:
                period = f"{ended.year}-Q{ended.month // 3}"
                world.later(
                    at(filed, 11), lambda k=key, p=period: _file(world, k, "quarterly_declaration", period=p)
                )


def _file(world: World, key: str, kind: str, year: int | None = None, period: str | None = None) -> None:
    deadlines.record_filing(
        session=world.session,
        actor=officer(world, key),
        enterprise_id=world.enterprises[key].id,
        kind=kind,
        year=year,
        period=period,
        note="通过全国固体废物管理信息系统申报",
    )
    world.note("filings")


def _grade(world: World, key: str, grade: str, note: str) -> None:
    grading.override_grade(
        session=world.session,
        actor=regulator(world, "admin"),
        enterprise_id=world.enterprises[key].id,
        grade=grade,
        note=note,
    )
    world.note("grades")


def _fine_chem(manifests: list[tuple[int, str, str, date]], fates: tuple[str, ...]) -> list[int]:
    return [mid for mid, owner, fate, _ in manifests if owner == "fine_chem" and fate in fates]


def _review(world: World, manifests: list[tuple[int, str, str, date]]) -> None:
    """Ecology and environment reviews two of the EHS account's closed manifests: a note and a request."""
    closed = _fine_chem(manifests, ("closed", "anomaly"))
    eco = regulator(world, "eco")
    review.add_note(
        session=world.session,
        actor=eco,
        manifest_id=closed[-3],
        text="抽查：联单信息与台账一致，处置方式符合许可范围。",
    )
    request = review.open_correction(
        session=world.session,
        actor=eco,
        manifest_id=closed[-2],
        section="generator",
        text="请补充说明该批废物的产生工序及主要成分。",
    )
    world.counts["answer_request"] = request.id
    world.note("correction requests")


def _answer(world: World) -> None:
    """The EHS officer answers the request with a reply; the manifest keeps both on its record."""
    review.answer_correction(
        session=world.session,
        actor=officer(world, "fine_chem"),
        request_id=world.counts["answer_request"],
        reply="该批废物来自3号车间甲苯回收精馏工序，主要成分为甲苯（约70%）和甲醇，已补充到台账。",
    )


def _ask_again(world: World, manifests: list[tuple[int, str, str, date]]) -> None:
    """A request still open today, on the EHS account's home page."""
    # Early in the park's day the latest loads may not have left yet: a closed one serves then.
    recent = _fine_chem(manifests, ("accepted", "treated", "delivered", "partially_accepted")) or _fine_chem(
        manifests, ("closed", "anomaly")
    )
    review.open_correction(
        session=world.session,
        actor=regulator(world, "eco"),
        manifest_id=recent[-1],
        section="generator",
        text="联单备注未注明包装规格和数量，请补充。",
    )
    # And one to the disposal centre about a weighing it noted, open on the receiver account's home.
    weighed = [mid for mid, _, fate, _ in manifests if fate == "anomaly"]
    store = world.facilities[("disposal_centre", "危险废物贮存库")].id
    at_store = [mid for mid in weighed if world.session.get(Manifest, mid).receiver_facility_id == store]
    if at_store:
        review.open_correction(
            session=world.session,
            actor=regulator(world, "eco"),
            manifest_id=at_store[-1],
            section="receiver",
            text="磅差说明过于简略，请补充复磅记录和与产生单位的核对结果。",
        )
        world.note("correction requests")
    world.note("correction requests")
