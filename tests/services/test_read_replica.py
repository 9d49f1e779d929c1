"""Oversight reads go to a PostgreSQL hot standby while writes commit on the primary.

A real primary and a streaming standby run on loopback (initdb, then `pg_basebackup -R`); the app gets
the primary as DATABASE_URL and the standby as READ_DATABASE_URL. A regulator's manifest search is
answered by the standby, statement by statement, while an EHS officer's submission commits on the
primary; the standby then shows the submission once it has replayed it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from hazchem.db import make_engine
from hazchem.migrate import upgrade
from hazchem.services import waste
from hazchem.services.platform import clock
from tests.conftest import PASSWORD, wipe
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)

API = "/api/v1"
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
if not PG_BINS:
    pytest.skip(
        "PostgreSQL server binaries are not installed (apt-get install postgresql)", allow_module_level=True
    )
PG = PG_BINS[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A primary and its hot standby under one temporary folder, run as the postgres user when root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root.
            if subprocess.run(["id", "postgres"], capture_output=True).returncode:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            shutil.chown(root, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.primary_port, self.standby_port = _free_port(), _free_port()

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_postgres, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip()}")

    def _start(self, data: Path, port: int, *settings: str) -> None:
        options = f"-h 127.0.0.1 -p {port} -k {self.root} -c fsync=off " + " ".join(
            f"-c {s}" for s in settings
        )
        self._run(str(PG / "pg_ctl"), "-D", str(data), "-l", f"{data}.log", "-w", "-o", options, "start")

    def start(self) -> None:
        primary, standby = self.root / "primary", self.root / "standby"
        self._run(
            str(PG / "initdb"),
            "-D",
            str(primary),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._start(primary, self.primary_port, "wal_level=replica", "max_wal_senders=4")
        self._run(
            str(PG / "createdb"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "hazchem"
        )
        self._run(
            str(PG / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary_port),
            "-U",
            "postgres",
            "-D",
            str(standby),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        )
        self._start(standby, self.standby_port, "hot_standby=on")

    def stop(self) -> None:
        for data in (self.root / "standby", self.root / "primary"):
            if data.exists():
                subprocess.run(
                    [*self.as_postgres, str(PG / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                    capture_output=True,
                    timeout=60,
                )

    def url(self, port: int) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/hazchem"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A running primary and hot standby, stopped and removed after the module."""
    # Not under pytest's temporary folder: the postgres user cannot enter root's private one.
    root = Path(tempfile.mkdtemp(prefix="hazchem-replica-"))
    pg = Cluster(root)
    try:
        pg.start()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def database_url(cluster: Cluster) -> str:
    """The primary, migrated to head (the standby follows it)."""
    url = cluster.url(cluster.primary_port)
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    """The primary's engine, for the shared fixtures."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def standby_url(cluster: Cluster, database_url: str) -> str:
    return cluster.url(cluster.standby_port)


def caught_up(primary: Engine, standby: Engine, timeout: float = 30) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with primary.connect() as conn:
        target = conn.execute(text("SELECT pg_current_wal_lsn()")).scalar_one()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with standby.connect() as conn:
            if conn.execute(text("SELECT pg_last_wal_replay_lsn() >= :t"), {"t": target}).scalar_one():
                return
        time.sleep(0.05)
    raise AssertionError("the standby did not catch up with the primary")


class Statements:
    """The statements an engine ran, so a test can tell which server answered."""

    def __init__(self, engine: Engine) -> None:
        self.seen: list[str] = []
        self.lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, _conn, _cursor, statement: str, *_args) -> None:
        with self.lock:
            self.seen.append(" ".join(statement.split()))

    def reading(self, table: str) -> list[str]:
        with self.lock:
            return [s for s in self.seen if s.startswith("SELECT") and f"FROM {table}" in s]

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


@pytest.fixture
def replicated_app(database_url: str, standby_url: str, db: Engine):
    """The app on the primary, with oversight reads on the standby."""
    from hazchem import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "READ_DATABASE_URL": standby_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
        }
    )
    yield app
    app.extensions["hazchem.engine"].dispose()
    app.extensions["hazchem.read_engine"].dispose()


@pytest.fixture
def draft(session: Session, chain):  # noqa: F811
    """A draft manifest of two stored containers, ready for the generator to submit."""
    stored = make_stored(session, chain, count=2)
    return waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=clock.today(),
        planned_method="D10",
    )


def _token(client, username: str) -> dict[str, str]:
    resp = client.post(f"{API}/auth/token", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['token']}", "Accept-Language": "en"}


def test_the_standby_is_read_only(replicated_app) -> None:
    replica = replicated_app.extensions["hazchem.read_engine"]
    with replica.connect() as conn:
        assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
        with pytest.raises(DBAPIError, match="read-only"):
            conn.execute(text("CREATE TABLE nothing_here (id int)"))


def test_regulator_search_is_answered_by_the_standby_while_a_submission_commits_on_the_primary(
    replicated_app, draft
) -> None:
    primary = replicated_app.extensions["hazchem.engine"]
    replica = replicated_app.extensions["hazchem.read_engine"]
    assert primary is not replica
    on_primary, on_replica = Statements(primary), Statements(replica)
    client = replicated_app.test_client()
    regulator, officer = _token(client, "regulator_eco"), _token(client, "officer_a")
    caught_up(primary, replica)
    on_primary.clear()

    answers: list[dict] = []
    searching = threading.Event()

    def search_while_submitting() -> None:
        reader = replicated_app.test_client()
        for _ in range(20):
            resp = reader.get(f"{API}/manifests/search", headers=regulator)
            assert resp.status_code == 200, resp.get_json()
            answers.append(resp.get_json())
            searching.set()

    reader = threading.Thread(target=search_while_submitting)
    reader.start()
    searching.wait(30)
    submitted = client.post(f"{API}/manifests/{draft.id}/submit", headers=officer)
    reader.join(60)
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"

    assert len(answers) == 20
    assert all(draft.id in {m["id"] for m in a["items"]} for a in answers)
    # The search read manifests on the standby and never on the primary; the submission wrote there.
    assert on_replica.reading("manifest")
    assert not [s for s in on_primary.reading("manifest") if "LIMIT" in s and "ORDER BY" in s]
    assert any(s.startswith("UPDATE manifest") for s in on_primary.seen)
    assert not [s for s in on_replica.seen if not s.startswith(("SELECT", "BEGIN", "ROLLBACK", "COMMIT"))]

    caught_up(primary, replica)
    after = client.get(f"{API}/manifests/search?status=submitted", headers=regulator).get_json()
    assert [m["id"] for m in after["items"]] == [draft.id]


def test_web_oversight_search_reads_the_standby(replicated_app, draft, registry) -> None:
    import re

    primary = replicated_app.extensions["hazchem.engine"]
    replica = replicated_app.extensions["hazchem.read_engine"]
    caught_up(primary, replica)
    on_replica = Statements(replica)
    client = replicated_app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "regulator_eco", "password": PASSWORD, "csrf_token": token[1]})
    page = client.get("/oversight/manifests")
    assert page.status_code == 200
    assert draft.number in page.get_data(as_text=True)
    assert on_replica.reading("manifest")


def test_without_a_replica_oversight_reads_use_the_primary(app) -> None:
    assert app.extensions["hazchem.read_engine"] is app.extensions["hazchem.engine"]
    with app.test_request_context():
        from hazchem.appctx import db_session, read_session

        assert read_session() is db_session()


@pytest.fixture(scope="module", autouse=True)
def _empty_primary_after(engine: Engine) -> Iterator[None]:
    yield
    wipe(engine)
