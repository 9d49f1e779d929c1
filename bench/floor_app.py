"""The floor under the scan benchmark: a bare Flask app on the same database and WSGI server.

It has no login, templates, translations, CSRF or validation, so its routes show what Flask,
gunicorn and the database alone cost on this machine: a trivial answer, one indexed read of a
container, and that read plus one recorded scan row committed. The scan benchmark serves it beside
hazchem and prints its ratios, so hazchem's own ratios can be read against what the stack allows.

Not part of hazchem; served only by `bench/bench_custody.py` against its throwaway database.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from flask import Flask, jsonify
from sqlalchemy import text

from hazchem.db import make_engine

app = Flask(__name__)
engine = make_engine(os.environ["HAZCHEM_DATABASE_URL"])
USER_ID = int(os.environ.get("FLOOR_USER_ID", "1"))

READ = text(
    "SELECT c.id, c.status, c.manifest_id, s.waste_code, s.name FROM container c "
    "JOIN wastestream s ON s.id = c.stream_id WHERE c.digital_id = :d"
)
RECORD = text(
    "INSERT INTO scanrecord (user_id, idempotency_key, digital_id, action, request_hash, status_code, "
    "response, at) VALUES (:u, :k, :d, 'lookup', '', 200, :r, :at)"
)


@app.get("/healthz")
def healthz() -> tuple[str, int]:
    """The trivial route, as hazchem's own."""
    return "ok", 200


def _read(digital_id: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(READ, {"d": digital_id}).one()
    return {"id": row[0], "status": row[1], "manifest_id": row[2], "waste_code": row[3], "name": row[4]}


@app.get("/read/<digital_id>")
def read(digital_id: str):
    """One indexed read of a container and its stream."""
    return jsonify(_read(digital_id))


@app.post("/record/<digital_id>")
def record(digital_id: str):
    """The same read, then one scan row written and committed, as a recorded scan must."""
    body = _read(digital_id)
    with engine.connect().execution_options(hazchem_write=True) as conn, conn.begin():
        conn.execute(
            RECORD,
            {
                "u": USER_ID,
                "k": f"floor-{uuid.uuid4().hex}",
                "d": digital_id,
                "r": jsonify(body).get_data(as_text=True),
                "at": datetime.now(UTC),
            },
        )
    return jsonify(body)
