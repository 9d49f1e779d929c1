"""The demo park's one accident of the year: a small ammonia leak at the power plant's denitration tank
farm, reported by its EHS officer, graded IV by emergency management, told, handled, monitored,
terminated, reviewed and closed, each step at its own moment through the use cases."""

from __future__ import annotations

from datetime import date, timedelta

from hazchem.demo.world import World, at, officer, regulator
from hazchem.services import emergency_incidents as inc

OWNER = "power"
FACILITY = "脱硝液氨储罐区"
AMMONIA = "7664-41-7"
# Months before today the leak happened: inside the year, so it counts in the power plant's grading.
DAYS_AGO = 150


def plan(world: World, start: date) -> None:
    """Schedule the incident and each of its steps."""
    day = max(start + timedelta(days=30), world.today - timedelta(days=DAYS_AGO))
    state: dict[str, int] = {}

    def report() -> None:
        incident = inc.report_incident(
            session=world.session,
            actor=officer(world, OWNER),
            facility_id=world.facilities[(OWNER, FACILITY)].id,
            occurred_at=at(day, 9, 5),
            place="脱硝液氨储罐区2号储罐卸车口",
            description="卸车软管接头松动，少量液氨泄漏，现场人员按预案关闭紧急切断阀并喷淋稀释。",
            substances=[inc.SubstanceInput(chemical_id=world.chemicals[AMMONIA], quantity_kg=40)],
        )
        state["id"] = incident.id
        world.note("incidents")

    def office(call, **kwargs) -> None:
        call(session=world.session, actor=regulator(world, "em"), incident_id=state["id"], **kwargs)

    world.later(at(day, 9, 15), report)
    world.later(at(day, 9, 25), lambda: office(inc.grade_incident, grade="IV", note="泄漏量小，未出厂界"))

    def notify() -> None:
        # Everyone the park's plan names at this grade is told in time, then the district's duty office.
        view = inc.incident_view(session=world.session, actor=regulator(world, "em"), incident_id=state["id"])
        for due in view.notifications:
            if due.row.told_at is None:
                office(inc.record_notification, notification_id=due.row.id, means="电话")
        office(inc.record_notification, contact_name="上虞区应急管理局值班室", means="电话")

    world.later(at(day, 9, 40), notify)
    world.later(
        at(day, 9, 45),
        lambda: office(
            inc.add_step, description="关闭紧急切断阀，水幕喷淋稀释，疏散卸车区人员", by_whom="企业应急队"
        ),
    )
    world.later(
        at(day, 10, 30),
        lambda: office(
            inc.add_reading,
            pollutant="氨",
            concentration="0.8",
            unit="mg/m3",
            place="厂界下风向",
            taken_at=None,
        ),
    )
    world.later(at(day, 12, 0), lambda: office(inc.terminate, note="泄漏点已封堵，厂界氨浓度达标"))
    review = day + timedelta(days=7)
    world.later(
        at(review, 10),
        lambda: office(
            inc.record_after_action,
            assessment="一般事故（IV级），无人员伤亡，未造成环境污染",
            cause="卸车软管快速接头密封圈老化",
            responsibility="企业设备管理部门未按期更换密封件",
        ),
    )
    world.later(
        at(review, 10, 10),
        lambda: office(
            inc.add_corrective_action,
            text="更换全部卸车软管密封件，并纳入月度点检",
            owner="设备管理部",
            due_on=review + timedelta(days=30),
        ),
    )
    world.later(at(review, 11), lambda: office(inc.close_incident))
