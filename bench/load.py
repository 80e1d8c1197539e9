"""Load on the embedded store: ``serve``'s app under gunicorn, several workers, one SQLite file.

Starts ``skill.web:create_app()`` under gunicorn on loopback exactly as the README's production
setup does (gthread workers), with verification off (``HAMSTRING_VERIFY=0``: this measures the
skill and the store, not RSA), then drives 16 and then 64 concurrent clients. Each client plays
people one after another, with real request envelopes (``EnvelopeFactory``, typed text through
the interaction model's own matcher, as ``chat`` does): a launch, onboarding, a whole workout set
by set (ready, "ten reps at twenty pounds, just right") and the session's end.

Reported per phase: requests per second, p50 and p99 latency, errors (HTTP status other than 200,
or no answer), and "storage busy" answers (the skill saying it couldn't reach or save progress,
which is what SQLite's busy timeout running out would sound like). Afterwards every set the skill
confirmed ("Logged ...") is looked up in the SQLite file. Exits non-zero on any error, busy
answer, missing set, or a p99 over the budget.

    .venv/bin/python bench/load.py                 # 16 then 64 clients, 4 workers
    .venv/bin/python bench/load.py --clients 8 --people 1 --workers 2   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from skill.alexa.runner import SAVE_FAILED, STORE_DOWN_AT_START  # noqa: E402
from skill.local.envelope import EnvelopeFactory  # noqa: E402
from skill.local.nlu import Matcher  # noqa: E402
from skill.store.sqlite import BUSY_TIMEOUT_S  # noqa: E402

P99_BUDGET_S = 2.0
"""Alexa waits 8 s for an answer. 64 clients that each send again as soon as answered queue
behind each other on a small machine (at 200 requests/s a round of 64 takes 0.3 s), so the
budget is for p99 under that queue, with room left under Alexa's limit."""
BUSY_WORDS = (STORE_DOWN_AT_START.split(".")[0], SAVE_FAILED.split(":")[-1].strip().rstrip("."))
"""What the skill says when the store refuses it: "can't reach your saved progress", "I couldn't
save just now"."""
WENT_WRONG = "something went wrong"
"""The skill's catch-all answer (``skill.alexa.app``): counted as an error."""
MAX_TURNS = 60
"""A workout is about 15 turns; a person who needs more has been misunderstood."""


@dataclass
class Phase:
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    busy: int = 0
    logged: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    """user id -> (workout id, set key) of every set the session attributes held as logged."""
    said_logged: dict[str, int] = field(default_factory=dict)
    """user id -> how many times the skill said "Logged ..." with nothing pending."""
    finished: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def gunicorn(db: Path, workers: int, threads: int) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "HAMSTRING_DB": str(db), "HAMSTRING_VERIFY": "0", "PYTHONPATH": str(ROOT)}
    env.pop("SKILL_ID", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "30",
        "--log-level",
        "warning",
        "skill.web:create_app()",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"gunicorn did not start: {process.stderr.read() if process.stderr else ''}"
                )
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Client:
    """One keep-alive connection, and the people it plays in turn."""

    def __init__(self, port: int, matcher: Matcher, phase: Phase) -> None:
        self.port, self.matcher, self.phase = port, matcher, phase
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, envelope: dict[str, Any]) -> dict[str, Any] | None:
        body = json.dumps(envelope).encode()
        started = time.perf_counter()
        try:
            self.conn.request("POST", "/", body, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.phase.lock:
                self.phase.errors += 1
            return None
        elapsed = time.perf_counter() - started
        with self.phase.lock:
            self.phase.latencies.append(elapsed)
            if response.status != 200:
                self.phase.errors += 1
                return None
        answer: dict[str, Any] = json.loads(data)
        if WENT_WRONG in _speech(answer):  # the skill's catch-all: an exception in the turn
            with self.phase.lock:
                self.phase.errors += 1
            return None
        if any(words in _speech(answer) for words in BUSY_WORDS):
            with self.phase.lock:
                self.phase.busy += 1
        return answer

    def say(self, factory: EnvelopeFactory, text: str) -> dict[str, Any] | None:
        return self.post(factory.intent(self.matcher.match(text), now=datetime.now(UTC)))

    def person(self, user_id: str) -> None:
        factory = EnvelopeFactory(user_id=user_id, device_id=f"device-{user_id[-12:]}")
        confirmed: set[tuple[str, str]] = set()
        said = 0
        answer = self.post(factory.launch(datetime.now(UTC)))
        for text in ("dumbbells", "new"):
            if answer is None:
                return
            factory.remember(answer)
            answer = self.say(factory, text)
        if answer is None:
            return
        factory.remember(answer)
        finished = False
        for _ in range(MAX_TURNS):
            text = _speech(answer or {})
            if "hamstring day done" in text or factory._ended:
                finished = "hamstring day done" in text
                break
            if "How did that feel" in text or "how did that" in text.lower():
                answer = self.say(factory, "ten reps at twenty pounds just right")
            elif "What weight" in text:
                answer = self.say(factory, "twenty pounds")
            else:
                answer = self.say(factory, "ready")
            if answer is None:
                return
            factory.remember(answer)
            confirmed |= _logged(answer)
            attributes = answer.get("sessionAttributes") or {}
            if "Logged " in _speech(answer) and not attributes.get("unsaved"):
                said += 1
        if not factory._ended:
            factory.remember(
                self.post(factory.session_ended(datetime.now(UTC), "USER_INITIATED")) or {}
            )
        with self.phase.lock:
            self.phase.logged[user_id] = confirmed
            self.phase.said_logged[user_id] = said
            self.phase.finished += finished


def _speech(answer: dict[str, Any]) -> str:
    speech: str = ((answer.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    return speech


def _logged(answer: dict[str, Any]) -> set[tuple[str, str]]:
    """The sets the workout in the session attributes holds as logged, with nothing pending."""
    attributes = answer.get("sessionAttributes") or {}
    if attributes.get("unsaved"):
        return set()
    workout = (attributes.get("coach") or {}).get("workout") or {}
    found = set()
    for record in workout.get("logged", []):
        key = f"{record['exercise_index']:02d}-{record['set_number']:02d}"
        if record.get("report"):
            key = f"{key}-{record['report']}"
        found.add((record["workout_id"], key))
    return found


def run_phase(port: int, clients: int, people: int, tag: str) -> Phase:
    phase = Phase(clients)
    matcher = Matcher.for_locale("en-US")

    def play(n: int) -> None:
        client = Client(port, matcher, phase)
        for p in range(people):
            client.person(f"amzn1.ask.account.LOAD-{tag}-{n:03d}-{p:03d}")
        client.conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(play, range(clients)))
    phase.seconds = time.perf_counter() - started
    return phase


def missing_sets(db: Path, phase: Phase) -> int:
    """Sets the skill confirmed that the file does not hold: by key for every set the session
    attributes held, and by count for every "Logged ..." said (the last set of a workout is
    said, then the finished workout leaves the attributes)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT user_id, workout_id, set_key FROM sets").fetchall()
    stored = set(rows)
    per_user: dict[str, int] = {}
    for user, _, _ in rows:
        per_user[user] = per_user.get(user, 0) + 1
    by_key = sum(
        (user, workout, key) not in stored
        for user, keys in phase.logged.items()
        for workout, key in keys
    )
    by_count = sum(max(0, n - per_user.get(user, 0)) for user, n in phase.said_logged.items())
    return max(by_key, by_count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--people", type=int, default=2, help="people each client plays in turn")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "coach.sqlite3"
        with gunicorn(db, args.workers, args.threads) as port:
            with contextlib.closing(sqlite3.connect(db)) as conn:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            print(
                f"gunicorn gthread, {args.workers} workers x {args.threads} threads, one SQLite "
                f"file (journal_mode={mode}, busy timeout {BUSY_TIMEOUT_S:g} s)"
            )
            if mode != "wal":
                print("  FAIL: the file is not in WAL mode")
                failed = True
            print(
                "| clients | requests | req/s | p50 ms | p99 ms | errors | storage busy "
                "| sets confirmed | missing |"
            )
            print("|---|---|---|---|---|---|---|---|---|")
            for clients in args.clients:
                phase = run_phase(port, clients, args.people, f"c{clients}")
                lat = sorted(phase.latencies)
                p50 = statistics.median(lat) if lat else 0.0
                p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
                sets = sum(phase.said_logged.values())
                missing = missing_sets(db, phase)
                print(
                    f"| {clients} | {len(lat)} | {len(lat) / phase.seconds:.0f} | {p50 * 1000:.0f} "
                    f"| {p99 * 1000:.0f} | {phase.errors} | {phase.busy} | {sets} | {missing} |"
                )
                if phase.finished < clients * args.people:
                    print(f"  FAIL: {clients * args.people - phase.finished} workouts not finished")
                    failed = True
                if phase.errors or phase.busy or missing or p99 > P99_BUDGET_S or sets == 0:
                    failed = True
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
