"""The floor under the scan benchmark: a bare Flask app on the same database and WSGI server.

It has no templates, translations, CSRF or validation, so its routes show what Flask, gunicorn
and the database alone cost on this machine: a trivial answer, one indexed read of a container,
that read behind the least a login needs (a signed session cookie and a check that its user is
still active), and the read plus one recorded scan row committed. The scan benchmark serves it beside
hazchem and prints its ratios, so hazchem's own ratios can be read against what the stack allows.

Not part of hazchem; served only by `bench/bench_custody.py` against its throwaway database.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from flask import Flask, abort, jsonify, session
from sqlalchemy import text

from hazchem.db import make_engine

app = Flask(__name__)
engine = make_engine(os.environ["HAZCHEM_DATABASE_URL"])
app.secret_key = os.environ["FLOOR_SECRET"]  # shared by the workers, so each accepts the others' cookies
USER_ID = int(os.environ.get("FLOOR_USER_ID", "1"))
ACTIVE = text('SELECT active FROM "user" WHERE id = :u')

READ = text(
    "SELECT c.id, c.status, c.manifest_id, s.waste_code, s.name FROM container c "
    "JOIN wastestream s ON s.id = c.stream_id WHERE c.digital_id = :d"
)
RECORD = text(
    "INSERT INTO idempotencyrecord (user_id, idempotency_key, subject, action, request_hash, outcome, "
    "response, at) VALUES (:u, :k, :d, 'lookup', '', 'done', :r, :at)"
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


@app.get("/session")
def start_session() -> tuple[str, int]:
    """Sign the session cookie of the benchmark's user, as a login would."""
    session["uid"] = USER_ID
    return "ok", 200


@app.get("/me/read/<digital_id>")
def logged_in_read(digital_id: str):
    """The least a logged-in lookup needs: verify the session cookie, check the user, one read."""
    user_id = session.get("uid")
    if user_id is None:
        abort(401)
    with engine.connect() as conn:
        if not conn.execute(ACTIVE, {"u": user_id}).scalar():
            abort(401)
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
