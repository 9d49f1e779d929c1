"""Serve the app with gunicorn on loopback and measure requests per second of a route, bounded in time.

Uses Debian's `wrk` (with a Lua script for cookies, bearer tokens, POST bodies and a fresh
Idempotency-Key per request) when installed, else a Python keep-alive client with threads. Every
answer that is not 200 is counted, so a redirect to the login page or an error never passes for
throughput.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
USER_AGENT = "hazchem-bench/1"  # Flask-Login's strong session protection binds the cookie to it
# Enough connections that the kernel's SO_REUSEPORT hashing spreads them evenly over the workers.
CONNECTIONS = 32


@dataclass(frozen=True)
class Target:
    """What to request: GET paths cycled in order, or POST of JSON bodies built from `subjects`."""

    name: str
    method: str
    paths: Sequence[str]
    headers: dict[str, str]
    body_template: str | None = None  # with {subject}; POST goes to paths[0]
    subjects: Sequence[str] = ()
    idempotency: bool = False


@dataclass(frozen=True)
class Result:
    """Requests per second over the measured window, with the count of answers that were not 200."""

    rps: float
    requests: int
    bad: int
    tool: str
    first_bad_status: int = 0  # 0 when every answer was 200, else a status seen (e.g. 500)

    @property
    def ok_rps(self) -> float:
        """Requests per second that were answered 200 (what the throughput goal counts)."""
        return self.rps * (self.requests - self.bad) / self.requests if self.requests else 0.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving a WSGI app (hazchem's `wsgi:app` unless told) on 127.0.0.1 against a database."""

    def __init__(
        self,
        database_url: str,
        workdir: str,
        workers: int = 2,
        threads: int = 4,
        app: str = "wsgi:app",
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "HAZCHEM_DATABASE_URL": database_url,
            "HAZCHEM_SECRET_KEY": uuid.uuid4().hex,
            "HAZCHEM_BASE_URL": f"http://127.0.0.1:{self.port}",
            "PYTHONPATH": str(REPO),
            **(extra_env or {}),
        }
        name = app.split(":")[0].replace(".", "-")
        self.log_path = Path(workdir) / f"gunicorn-{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                # One listening socket per worker, balanced by the kernel: with a shared socket the
                # first worker to wake takes most connections, and throughput halves at random.
                "--reuse-port",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--chdir",
                str(REPO),
                app,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 120.0) -> None:
        """Return once /healthz answers, or raise with the server log.

        The bound is generous: on a busy machine importing the app alone has taken over 30 s.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])

    def stop(self) -> None:
        """Stop gunicorn (the process this object started) and wait for it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection: status, headers (last value per name), body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def login(port: int, username: str, password: str) -> str:
    """Log in through the /login form (CSRF token included); return the Cookie header value."""
    status, headers, body = request(port, "GET", "/login")
    if status != 200:
        raise RuntimeError(f"GET /login answered {status}")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1).decode() if token else "", "username": username, "password": password}
    ).encode()
    status, headers, _ = request(
        port,
        "POST",
        "/login",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    if status not in (302, 303) or "set-cookie" not in headers:
        raise RuntimeError(f"login as {username} failed ({status})")
    return headers["set-cookie"].split(";", 1)[0]


def api_token(port: int, username: str, password: str) -> str:
    """A bearer token from POST /api/v1/auth/token."""
    status, _, body = request(
        port,
        "POST",
        "/api/v1/auth/token",
        body=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    if status != 200:
        raise RuntimeError(f"token request answered {status}: {body[:200]!r}")
    return json.loads(body)["token"]


# --- Load generators --------------------------------------------------------------------------------


def tool_name() -> str:
    """The load generator measure() uses here."""
    return "wrk" if shutil.which("wrk") else "python client"


def measure(port: int, target: Target, seconds: float, warmup: float) -> Result:
    """Warm up (unless `warmup` is 0), then count requests per second for `seconds` on CONNECTIONS
    keep-alive connections."""
    runner = _wrk if shutil.which("wrk") else _python_client
    if warmup:
        runner(port, target, warmup)
    return runner(port, target, seconds)


def _lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string literal is a valid Lua string literal


def _wrk(port: int, target: Target, seconds: float) -> Result:
    headers = {"User-Agent": USER_AGENT, **target.headers}
    items = target.subjects if target.body_template else target.paths
    lines = [
        "local items = {" + ",".join(_lua_string(i) for i in items) + "}",
        "local headers = {"
        + ",".join(f"[{_lua_string(k)}]={_lua_string(v)}" for k, v in headers.items())
        + "}",
        f"local method, first_path = {_lua_string(target.method)}, {_lua_string(target.paths[0])}",
        f"local template = {_lua_string(target.body_template or '')}",
        f"local idempotent = {'true' if target.idempotency else 'false'}",
        f"local run = {_lua_string(uuid.uuid4().hex[:12])}",
        "local threads = {}",
        "local next_id = 0",
        "function setup(thread)",
        "  next_id = next_id + 1; thread:set('tid', next_id); table.insert(threads, thread)",
        "end",
        "bad = 0",
        "local i, n = 0, 0",
        "function init(args) i = (tid or 1) * 7919 % #items end",
        "function request()",
        "  i = i % #items + 1; n = n + 1",
        "  if template ~= '' then",
        "    local body = string.gsub(template, '{subject}', items[i])",
        "    if idempotent then headers['Idempotency-Key'] = run .. '-' .. tostring(tid) .. '-' .. n end",
        "    return wrk.format(method, first_path, headers, body)",
        "  end",
        "  return wrk.format(method, items[i], headers)",
        "end",
        "first_bad = 0",
        "function response(status, hdrs, body)",
        "  if status ~= 200 then bad = bad + 1; if first_bad == 0 then first_bad = status end end",
        "end",
        "function done(summary, latency, requests)",
        "  local total, status = 0, 0",
        "  for _, t in ipairs(threads) do",
        "    total = total + t:get('bad')",
        "    if t:get('first_bad') ~= 0 then status = t:get('first_bad') end",
        "  end",
        "  io.write(string.format('BAD %d %d\\n', total, status))",
        "end",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + "\n")
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad, status = (int(g) for g in re.search(r"BAD (\d+) (\d+)", out).groups())
    return Result(rps, total, bad, "wrk", status)


def _python_client(port: int, target: Target, seconds: float) -> Result:
    counts = {"ok": 0, "bad": 0}
    statuses: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    items = list(target.subjects if target.body_template else target.paths)
    run = uuid.uuid4().hex[:12]
    sequence = itertools.count()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        i = offset
        while time.monotonic() < deadline:
            i += 1
            item = items[i % len(items)]
            headers = {"User-Agent": USER_AGENT, **target.headers}
            body = None
            path = item
            if target.body_template:
                path, body = target.paths[0], target.body_template.replace("{subject}", item).encode()
                if target.idempotency:
                    headers["Idempotency-Key"] = f"{run}-{next(sequence)}"
            try:
                conn.request(target.method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    ok += 1
                else:
                    bad += 1
                    statuses.append(resp.status)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n * 7919,)) for n in range(CONNECTIONS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    total = counts["ok"] + counts["bad"]
    return Result(total / elapsed, total, counts["bad"], "python client", statuses[0] if statuses else 0)
