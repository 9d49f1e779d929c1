"""Command line: `hazchem migrate | import … | load-catalogues | load-demo | create-user | create-region |
set-park-region | create-department | set-password | deactivate-user | audit verify | alerts sweep |
rollups rebuild`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from hazchem.domain.errors import HazchemError
from hazchem.services.oversight import alerts


def register(app: Flask) -> None:
    """Attach the hazchem commands to the app's CLI."""
    for command in (
        migrate,
        import_group,
        load_catalogues,
        load_demo,
        create_user,
        create_region,
        set_park_region,
        create_department,
        set_password,
        deactivate_user,
        audit_group,
        alerts_group,
        rollups_group,
    ):
        app.cli.add_command(command)


def _session():
    from sqlmodel import Session

    return Session(current_app.extensions["hazchem.engine"], expire_on_commit=False)


def _fail(exc: HazchemError) -> None:
    click.echo(f"error: {exc.message}", err=True)
    for detail in exc.details:
        click.echo(f"  {detail}", err=True)
    sys.exit(1)


@click.command()
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def migrate(revision: str) -> None:
    """Bring the database schema up to date (Alembic)."""
    from hazchem.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"schema at {revision}")


def _print_report(report) -> None:
    click.echo(report.summary())
    for issue in report.rejected:
        click.echo(f"  rejected row {issue.row}: {issue.message}")
    for issue in report.doubts:
        click.echo(f"  doubt row {issue.row}: {issue.message}")


@click.group("import")
def import_group() -> None:
    """Import an official list from CSV (UTF-8 or GB18030) or XLSX."""


@import_group.command("chemicals")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edition", default="2015", show_default=True)
@with_appcontext
def import_chemicals_cmd(path: Path, edition: str) -> None:
    """危险化学品目录: columns 序号, 品名, 别名, CAS号, 备注."""
    from hazchem.services.lists import importers

    with _session() as session:
        try:
            _print_report(importers.import_chemicals(session=session, actor=None, path=path, edition=edition))
        except HazchemError as exc:
            _fail(exc)


@import_group.command("companion")
@click.argument("kind", type=click.Choice(["explosive", "drug", "key-supervised"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edition", default="2015", show_default=True, help="catalogue edition to flag")
@with_appcontext
def import_companion_cmd(kind: str, path: Path, edition: str) -> None:
    """Companion lists (易制爆, 易制毒, 重点监管) that flag catalogue entries by CAS, else by name."""
    from hazchem.services.lists import importers

    with _session() as session:
        try:
            _print_report(
                importers.import_companion(session=session, actor=None, path=path, kind=kind, edition=edition)
            )
        except HazchemError as exc:
            _fail(exc)


@import_group.command("waste-codes")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edition", required=True, help="list edition, e.g. 2021 or 2025")
@with_appcontext
def import_waste_codes_cmd(path: Path, edition: str) -> None:
    """国家危险废物名录: columns 废物类别, 行业来源, 废物代码, 危险废物, 危险特性."""
    from hazchem.services.lists import importers

    with _session() as session:
        try:
            _print_report(
                importers.import_waste_codes(session=session, actor=None, path=path, edition=edition)
            )
        except HazchemError as exc:
            _fail(exc)


@import_group.command("methods")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_methods_cmd(path: Path) -> None:
    """Treatment and utilisation method codes (R/D/C)."""
    from hazchem.services.lists import importers

    with _session() as session:
        try:
            _print_report(importers.import_methods(session=session, actor=None, path=path))
        except HazchemError as exc:
            _fail(exc)


@click.command("load-catalogues")
@with_appcontext
def load_catalogues() -> None:
    """Load the curated lists shipped in catalogues/ (idempotent)."""
    from hazchem.services import chemicals
    from hazchem.services.lists import shipped

    with _session() as session:
        changed: list[int] = []
        for report in shipped.load_shipped_catalogues(session=session):
            _print_report(report)
            changed += report.changed_ids
        # A new critical quantity changes the Σq/Q of every facility already holding that chemical.
        chemicals.refresh_ratios(session=session, chemical_ids=changed)


@click.command("load-demo")
@click.option(
    "--history/--no-history",
    default=True,
    help="Also generate a year of the park's life through the use cases (the default).",
)
@click.option(
    "--province/--no-province",
    default=True,
    help="Also load the demo province: a second park and the province's regulators (the default).",
)
@with_appcontext
def load_demo(history: bool, province: bool) -> None:
    """Load the demo park (departments, enterprises, licences, carriers, accounts) and a year of its life."""
    from hazchem.demo import load as demo

    with _session() as session:
        try:
            summary = demo.load_demo(session=session, history=history, province=province)
        except HazchemError as exc:
            _fail(exc)
        click.echo(summary)


@click.command("create-user")
@click.option("--username", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(
        ["park_admin", "regulator", "ehs_officer", "driver", "receiver_operator", "carrier_dispatcher"]
    ),
)
@click.option("--display-name", default="")
@click.option("--department-id", type=int)
@click.option("--enterprise-id", type=int)
@click.option("--driver-id", type=int)
@click.option("--park-id", type=int, help="the park a park administrator runs (default: the only park)")
@click.password_option()
@with_appcontext
def create_user(
    username: str,
    role: str,
    display_name: str,
    department_id: int | None,
    enterprise_id: int | None,
    driver_id: int | None,
    park_id: int | None,
    password: str,
) -> None:
    """Create an account; the password is asked for (or read from --password).

    A regulator of a city's or province's department (see create-department --region) reads every
    park of that region, read-only."""
    from hazchem.services.platform import auth

    with _session() as session:
        try:
            user = auth.create_user(
                session=session,
                actor=None,
                username=username,
                password=password,
                role=role,
                display_name=display_name,
                department_id=department_id,
                enterprise_id=enterprise_id,
                driver_id=driver_id,
                park_id=park_id,
            )
        except HazchemError as exc:
            _fail(exc)
        click.echo(f"created user {user.username} ({user.role})")


@click.command("create-region")
@click.option("--code", required=True, help="GB/T 2260 code, e.g. 330000 for a province, 330600 for a city")
@click.option("--name", required=True)
@click.option("--level", required=True, type=click.Choice(["city", "province"]))
@click.option("--parent-code", default=None, help="a city's province")
@click.option("--name-en", default="")
@with_appcontext
def create_region(code: str, name: str, level: str, parent_code: str | None, name_en: str) -> None:
    """Register a city or province above parks, whose regulators read every park within it."""
    from hazchem.services.registry import regions

    with _session() as session:
        try:
            region = regions.create_region(
                session=session,
                actor=None,
                code=code,
                name=name,
                level=level,
                parent_code=parent_code,
                name_en=name_en,
            )
        except HazchemError as exc:
            _fail(exc)
        click.echo(f"created region {region.code} {region.name} ({region.level}, id {region.id})")


@click.command("set-park-region")
@click.option("--park-id", type=int, required=True)
@click.option("--region-code", default=None, help="the city or province (omitted: in none)")
@with_appcontext
def set_park_region(park_id: int, region_code: str | None) -> None:
    """Place a park in a city or province, whose regulators then read it."""
    from hazchem.services.registry import regions

    with _session() as session:
        try:
            park = regions.set_park_region(
                session=session, actor=None, park_id=park_id, region_code=region_code
            )
        except HazchemError as exc:
            _fail(exc)
        click.echo(f"park {park.id} {park.name}: region {region_code or '-'}")


@click.command("create-department")
@click.option("--kind", required=True, help="e.g. ecology_environment, emergency_management")
@click.option("--name", required=True)
@click.option("--park-id", type=int, default=None)
@click.option("--region-code", default=None, help="a city's or province's department (厅/局) instead")
@click.option("--name-en", default="")
@with_appcontext
def create_department(
    kind: str, name: str, park_id: int | None, region_code: str | None, name_en: str
) -> None:
    """Add a regulator department to a park, or to a city or province (--region-code)."""
    from hazchem.services import registry
    from hazchem.services.registry import regions

    if (park_id is None) == (region_code is None):
        raise click.UsageError("give either --park-id or --region-code")
    with _session() as session:
        try:
            if region_code is not None:
                department = regions.create_regional_department(
                    session=session,
                    actor=None,
                    region_code=region_code,
                    kind=kind,
                    name=name,
                    name_en=name_en,
                )
            else:
                department = registry.create_department(
                    session=session, actor=None, park_id=park_id, kind=kind, name=name, name_en=name_en
                )
        except HazchemError as exc:
            _fail(exc)
        click.echo(f"created department {department.name} (id {department.id})")


@click.command("set-password")
@click.option("--username", required=True)
@click.password_option()
@with_appcontext
def set_password(username: str, password: str) -> None:
    """Set an account's password (asked for, or --password); its sessions and tokens end."""
    from hazchem.services.platform import auth

    with _session() as session:
        try:
            user_id = auth.user_id_for(session=session, username=username)
            auth.set_password(session=session, actor=None, user_id=user_id, password=password)
        except HazchemError as exc:
            _fail(exc)
    click.echo(f"password of {username} set; its sessions and tokens have ended")


@click.command("deactivate-user")
@click.option("--username", required=True)
@with_appcontext
def deactivate_user(username: str) -> None:
    """Deactivate an account: it can no longer log in, and its sessions and tokens end at once."""
    from hazchem.services.platform import auth

    with _session() as session:
        try:
            user_id = auth.user_id_for(session=session, username=username)
            auth.deactivate_user(session=session, actor=None, user_id=user_id)
        except HazchemError as exc:
            _fail(exc)
    click.echo(f"deactivated {username}; its sessions and tokens have ended")


@click.group("audit")
def audit_group() -> None:
    """Audit trail tools."""


@audit_group.command("anchor")
@with_appcontext
def audit_anchor() -> None:
    """Print the chain head as <event id>:<hash>; keep it outside the database for later `verify --anchor`."""
    from hazchem.services.platform import audit

    with _session() as session:
        anchor = audit.chain_head(session=session)
    click.echo(str(anchor))


@audit_group.command("verify")
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    help="an <event id>:<hash> printed earlier by `audit anchor`; the event must still carry that hash",
)
@with_appcontext
def audit_verify(anchors: tuple[str, ...]) -> None:
    """Check the hash chain of audit events (and any anchors); exit 1 naming the first bad event."""
    from hazchem.services.platform import audit

    try:
        pinned = [audit.parse_anchor(a) for a in anchors]
    except HazchemError as exc:
        # A usage error (exit 2), not a broken chain (exit 1).
        raise click.BadParameter(exc.message, param_hint="--anchor") from None
    with _session() as session:
        report = audit.verify_chain(session=session, anchors=pinned)
    if report.ok:
        against = f", {len(pinned)} anchor(s) matched" if pinned else ""
        click.echo(f"audit chain intact: {report.checked} events{against}")
        return
    click.echo(
        f"audit chain broken at event {report.first_bad_id}: {report.problem} "
        f"({report.checked} events before it verified)",
        err=True,
    )
    sys.exit(1)


@click.group("alerts")
def alerts_group() -> None:
    """Alert tools."""


@alerts_group.command("sweep")
@with_appcontext
def alerts_sweep() -> None:
    """Raise the time-based alerts whose condition holds now (a second run adds nothing)."""

    with _session() as session:
        try:
            raised = alerts.sweep(
                session=session, settings=alerts.SweepSettings.from_config(current_app.config)
            )
        except HazchemError as exc:
            _fail(exc)
    if not raised:
        click.echo("no new alerts")
    for kind, count in sorted(raised.items()):
        click.echo(f"{count} new {kind} alert(s)")


@click.group("rollups")
def rollups_group() -> None:
    """Monthly waste roll-up tools."""


@rollups_group.command("rebuild")
@with_appcontext
def rollups_rebuild() -> None:
    """Recompute every monthly waste roll-up from the containers and manifests (after a bulk load)."""
    from hazchem.services.oversight import rollups

    with _session() as session:
        rows = rollups.rebuild(session=session)
    click.echo(f"{rows} roll-up rows rebuilt")


def main() -> None:
    """Console entry point `hazchem`: the Flask CLI with hazchem's app factory."""
    from hazchem import create_app

    FlaskGroup(create_app=create_app, help="hazchem park registry")()
