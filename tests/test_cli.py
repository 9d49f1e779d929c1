"""The command line: audit verification names the first bad event; imports print their reports."""

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from hazchem.domain.errors import NotAuthenticated
from hazchem.models import Event, User
from hazchem.services.platform import auth
from tests.conftest import PASSWORD, tamper


def test_audit_verify_passes_then_names_the_tampered_event(app, session, registry):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "audit chain intact" in ok.output
    victim = session.exec(select(Event.id).order_by(col(Event.id)).offset(3)).first()
    tamper(session, text("UPDATE event SET entity_id = 'forged' WHERE id = :id").bindparams(id=victim))
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and f"broken at event {victim}" in broken.output


def test_audit_anchor_pins_the_head_and_verify_checks_it(app, session, registry):
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["audit", "anchor"])
    assert printed.exit_code == 0, printed.output
    anchor = printed.output.strip()
    head = session.exec(select(Event).order_by(col(Event.id).desc())).first()
    assert anchor == f"{head.id}:{head.hash}"
    ok = runner.invoke(args=["audit", "verify", "--anchor", anchor])
    assert ok.exit_code == 0 and "1 anchor(s) matched" in ok.output
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=head.id))
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # a dropped tail: only the anchor sees it
    broken = runner.invoke(args=["audit", "verify", "--anchor", anchor])
    assert (
        broken.exit_code == 1 and f"broken at event {head.id}: the anchored event is missing" in broken.output
    )
    malformed = runner.invoke(args=["audit", "verify", "--anchor", "12:xyz"])
    assert malformed.exit_code == 2 and "<event id>:<64 hex digits>" in malformed.output


def test_import_reports_rejected_rows_and_is_idempotent(app, session, tmp_path):
    table = tmp_path / "waste.csv"
    table.write_text(
        "废物类别,行业来源,废物代码,危险废物,危险特性\n"
        'HW08 废矿物油与含矿物油废物,非特定行业,900-249-08,其他废矿物油,"T,I"\n'
        ",,900-249-09,类别不符的代码,T\n",
        encoding="utf-8",
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", "waste-codes", str(table), "--edition", "2021"])
    assert first.exit_code == 0, first.output
    assert "1 created" in first.output and "rejected row 3" in first.output
    again = runner.invoke(args=["import", "waste-codes", str(table), "--edition", "2021"])
    assert "0 created" in again.output and "1 unchanged" in again.output


def test_create_user_refuses_a_short_password(app, session):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--username", "x", "--role", "park_admin", "--password", "short"]
    )
    assert result.exit_code == 1 and "at least 10 characters" in result.output


def test_create_user_binds_a_carrier_dispatcher_to_a_carrier(app, session, registry):
    runner = app.test_cli_runner()
    base = ["create-user", "--role", "carrier_dispatcher", "--password", "long-enough-1"]
    refused = runner.invoke(args=[*base, "--username", "d1", "--enterprise-id", str(registry.ent_a.id)])
    assert refused.exit_code == 1 and "bound to a carrier" in refused.output
    made = runner.invoke(args=[*base, "--username", "d2", "--enterprise-id", str(registry.ent_c.id)])
    assert made.exit_code == 0 and "created user d2 (carrier_dispatcher)" in made.output


def test_set_password_replaces_it_and_ends_sessions_and_tokens(app, session, registry):
    token, _ = auth.issue_token(session=session, actor=registry.users["officer_a"], ttl_hours=8)
    runner = app.test_cli_runner()
    short = runner.invoke(args=["set-password", "--username", "officer_a", "--password", "short"])
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    unknown = runner.invoke(args=["set-password", "--username", "nobody", "--password", "long-enough-1"])
    assert unknown.exit_code == 1 and "user nobody not found" in unknown.output
    assert auth.actor_for_token(session=session, token=token).username == "officer_a"
    done = runner.invoke(args=["set-password", "--username", "officer_a", "--password", "long-enough-1"])
    assert done.exit_code == 0 and "password of officer_a set" in done.output
    session.rollback()
    assert session.exec(select(User.session_version).where(User.username == "officer_a")).one() == 1
    assert session.exec(select(Event.action).order_by(col(Event.id).desc())).first() == "user.password"
    auth.authenticate(session=session, username="officer_a", password="long-enough-1")
    auth.authenticate(session=session, username="officer_b", password=PASSWORD)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)


def test_deactivate_user_stops_logins_and_tokens(app, session, registry):
    token, _ = auth.issue_token(session=session, actor=registry.users["officer_b"], ttl_hours=8)
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["deactivate-user", "--username", "nobody"])
    assert unknown.exit_code == 1 and "user nobody not found" in unknown.output
    done = runner.invoke(args=["deactivate-user", "--username", "officer_b"])
    assert done.exit_code == 0 and "deactivated officer_b" in done.output
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session=session, username="officer_b", password=PASSWORD)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(session=session, token=token)
    auth.authenticate(session=session, username="officer_a", password=PASSWORD)


def test_regions_departments_and_a_regional_regulator_from_the_command_line(app, session, registry):
    runner = app.test_cli_runner()
    province = runner.invoke(
        args=["create-region", "--code", "330000", "--name", "浙江省", "--level", "province"]
    )
    assert province.exit_code == 0 and "created region 330000" in province.output
    city = ["create-region", "--code", "330600", "--name", "绍兴市", "--level", "city"]
    assert runner.invoke(args=[*city, "--parent-code", "330000"]).exit_code == 0
    wrong = runner.invoke(args=["create-region", "--code", "330100", "--name", "杭州市", "--level", "city",
                                "--parent-code", "330600"])  # fmt: skip
    assert wrong.exit_code == 1 and "only within a province" in wrong.output
    placed = runner.invoke(
        args=["set-park-region", "--park-id", str(registry.park.id), "--region-code", "330600"]
    )
    assert placed.exit_code == 0, placed.output
    both = runner.invoke(args=["create-department", "--kind", "ecology_environment", "--name", "x"])
    assert both.exit_code == 2 and "either --park-id or --region-code" in both.output
    made = runner.invoke(
        args=[
            "create-department",
            "--kind",
            "ecology_environment",
            "--name",
            "浙江省生态环境厅",
            "--region-code",
            "330000",
        ]
    )
    assert made.exit_code == 0, made.output
    department_id = made.output.split("(id ")[1].rstrip(")\n")
    user = runner.invoke(
        args=["create-user", "--username", "prov", "--role", "regulator", "--department-id", department_id,
              "--password", "long-enough-1"]
    )  # fmt: skip
    assert user.exit_code == 0, user.output
    session.rollback()
    actor = auth.authenticate(session=session, username="prov", password="long-enough-1")
    assert actor.is_regional and actor.park_ids == {registry.park.id}  # the province reads its city's park
    unknown = runner.invoke(
        args=["set-park-region", "--park-id", str(registry.park.id), "--region-code", "999999"]
    )
    assert unknown.exit_code == 1 and "no region with code 999999" in unknown.output
