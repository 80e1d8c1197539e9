"""`hamstring-coach serve` as a developer runs it: a real process on a free loopback port, spoken
to over HTTP with real Alexa envelopes, and the SQLite file it leaves behind read back.

HOME and XDG_DATA_HOME point into tmp_path, so nothing touches the real user data directory.
Every wait is bounded and every process is terminated in a ``finally``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skill.core.catalog import load_catalog
from skill.core.history import HistorySummary, SessionStatus
from skill.core.plan import plan_session
from skill.core.profile import Equipment, Level, Profile
from skill.local.envelope import EnvelopeFactory
from skill.store.sqlite import SQLiteStore
from skill.web.app import NO_VERIFY_WARNING
from tests.factories import check_response, fitted, intent_match, plain_text

ROOT = Path(__file__).resolve().parents[2]
USER = "amzn1.ask.account.SERVED-TRAINEE"
STARTUP_S = 30.0
REQUEST_S = 10.0
PROFILE = Profile(equipment=[Equipment.BODYWEIGHT], level=Level.NEW)
PLANNED_SETS = plan_session(load_catalog(), PROFILE, fitted(HistorySummary(), PROFILE)).total_sets
"""Sets the first day coaches: its programme (skill.core.blocks), planned."""


def now() -> datetime:
    """The server runs on the real clock, so the envelopes carry the real time."""
    return datetime.now(UTC)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HAMSTRING_") and k not in ("SKILL_ID", "FLASK_DEBUG")
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **extra,
    )
    return env


@dataclass
class Reply:
    status: int
    body: dict[str, Any]


class Server:
    """A running server process and a small HTTP client for it."""

    def __init__(self, process: subprocess.Popen[str], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.base = f"http://127.0.0.1:{port}"

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def request(
        self,
        method: str,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers=headers or {}
        )
        try:
            with urllib.request.urlopen(req, timeout=REQUEST_S) as response:
                return Reply(response.status, json.loads(response.read()))
        except urllib.error.HTTPError as error:
            return Reply(error.code, json.loads(error.read()))

    def post(self, event: dict[str, Any]) -> Reply:
        body = json.dumps(event).encode()
        return self.request("POST", "/", body, {"Content-Type": "application/json"})

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.stderr()}")
            try:
                if self.request("GET", "/health").body == {"status": "ok"}:
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        pytest.fail(f"the server did not answer /health within {STARTUP_S}s:\n{self.stderr()}")


@contextmanager
def running(command: Sequence[str], port: int, tmp_path: Path, **env: str) -> Iterator[Server]:
    log = tmp_path / f"server-{port}.log"
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            text=True,
            env=clean_env(tmp_path, **env),
            cwd=tmp_path,
        )
        server = Server(process, port, log)
        try:
            server.wait_until_healthy()
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def serve(port: int, db: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "skill.local.cli",
        "serve",
        "--port",
        str(port),
        "--db",
        str(db),
        *extra,
    ]


def speech(reply: Reply) -> str:
    ssml = (reply.body.get("response", {}).get("outputSpeech") or {}).get("ssml")
    return plain_text(ssml) if ssml else ""


def asks_for_weight(text: str) -> bool:
    return "What weight did you use" in text or "how heavy" in text.lower()


def test_a_whole_hamstring_day_over_http(tmp_path: Path) -> None:
    db = tmp_path / "served.sqlite3"
    port = free_port()
    with running(serve(port, db, "--no-verify"), port, tmp_path) as server:
        alexa = EnvelopeFactory(user_id=USER)

        def send(envelope: dict[str, Any]) -> Reply:
            reply = server.post(envelope)
            assert reply.status == 200, reply.body
            check_response(reply.body)
            alexa.remember(reply.body)
            return reply

        def say(intent: str, /, **slots: str) -> Reply:
            return send(alexa.intent(intent_match(intent, **slots), now=now()))

        assert "Welcome" in speech(send(alexa.launch(now())))
        assert "experience" in speech(say("SetEquipmentIntent", equipmentOne="bodyweight"))
        overview = speech(say("SetLevelIntent", level="new"))
        assert "Say ready" in overview

        sets = 0
        reply = None
        for _ in range(4 * PLANNED_SETS):
            reply = say("ReadyIntent")
            while speech(reply).endswith(("for the other side.", "for the rest.")):
                reply = say("ReadyIntent")  # a set counted in turns: a side at a time
            assert "easy, just right, or hard" in speech(reply)
            reply = say("LogSetIntent", effort="right")
            while asks_for_weight(speech(reply)):
                reply = say("AMAZON.NextIntent")
            sets += 1
            if reply.body["response"].get("shouldEndSession") is True:
                break
        assert reply is not None and reply.body["response"]["shouldEndSession"] is True
        assert sets == PLANNED_SETS
        assert server.stderr().count(NO_VERIFY_WARNING.splitlines()[0]) == 1

    with SQLiteStore(db) as store:
        data = store.load_user(USER)
        assert data.profile is not None and data.profile.complete
        assert data.active is None, "a finished workout is no longer active"
        sessions = store.recent_sessions(USER)
        assert len(sessions) == 1
        assert sessions[0].status is SessionStatus.FINISHED
        assert len(sessions[0].sets) == PLANNED_SETS


def test_a_verifying_server_refuses_unsigned_requests(tmp_path: Path) -> None:
    db = tmp_path / "verified.sqlite3"
    port = free_port()
    with running(serve(port, db), port, tmp_path, SKILL_ID=EnvelopeFactory().skill_id) as server:
        launch = EnvelopeFactory(user_id=USER).launch(now())
        reply = server.post(launch)
        assert reply.status == 400
        assert reply.body["error"] == "request verification failed"
        assert "SignatureCertChainUrl" in reply.body["reason"]
        assert server.request("GET", "/").status == 405
        stderr = server.stderr()
        assert "verification is OFF" not in stderr
        assert "Traceback" not in stderr
    with SQLiteStore(db) as store:
        assert store.load_user(USER).profile is None


def test_the_app_factory_runs_under_gunicorn(tmp_path: Path) -> None:
    """The README's production recipe: gunicorn with the factory, configured by environment."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[server]')")
    db = tmp_path / "gunicorn.sqlite3"
    port = free_port()
    command = [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2", "skill.web:create_app()"]
    with running(command, port, tmp_path, HAMSTRING_DB=str(db), HAMSTRING_VERIFY="0") as server:
        alexa = EnvelopeFactory(user_id=USER)
        reply = server.post(alexa.launch(now()))
        assert reply.status == 200 and "Welcome" in speech(reply)
        alexa.remember(reply.body)
        equipment = alexa.intent(
            intent_match("SetEquipmentIntent", equipmentOne="bodyweight"), now=now()
        )
        assert server.post(equipment).status == 200
        assert "verification is OFF" in server.stderr()
    with SQLiteStore(db) as store:
        assert store.load_user(USER).profile is not None
