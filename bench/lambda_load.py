"""The Lambda's load shape: many people through one warm container, turns interleaved.

One process loads ``lambda/app.py`` (the deployed entry: powertools logging and metrics, the
DynamoDB store) over moto, then plays ``--users`` simulated people (1,000 by default), each
doing a whole workout: a launch, onboarding, every set (ready, then "ten reps at N pounds, just
right", each person with a load of their own) and the session's end. Each round takes every
person still training one turn further, in a shuffled order (seeded), so one container serves
everyone's turns interleaved, as a warm Lambda serves whoever comes next.

Checked for every turn, against every other person (leakage):
- the response names no one else (no other raw user id or device id anywhere in it), its
  session attributes carry this person's owner digest, only workout ids first seen for this
  person, and only sets of this person's load; the speech names no other person's load;
- every log line (powertools JSON with the request's keys, the skill's own loggers, and the
  metrics printed to stdout) carries no raw user id, and a line for a request carries the
  digest of the person who sent it;
- afterwards each person's stored sets are exactly the ones they were told were logged, at
  their own load.

Reported: turns, turns per second, leaks (must be 0), peak RSS of the process (moto holds the
whole table in the same process, so this overstates the Lambda), and with ``--tracemalloc`` the
most one turn allocated and what is live outside moto at the end. Exits non-zero on any leak or
unfinished workout, or (with ``--tracemalloc``) when the cold start plus the largest turn would
not fit the function's 512 MB.

    .venv/bin/python bench/lambda_load.py               # 1,000 people (a few minutes)
    .venv/bin/python bench/lambda_load.py --users 50    # the quick variant CI runs as a test
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import importlib.util
import io
import json
import logging
import random
import re
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from bench.offline import lambda_offline  # noqa: E402
from skill.alexa.state import owner_of  # noqa: E402
from skill.local.envelope import EnvelopeFactory  # noqa: E402
from skill.local.nlu import Matcher  # noqa: E402

RSS_BUDGET_MB = 512
"""The function's MemorySize in template.yaml."""
MAX_TURNS = 60
"""A workout is about 15 turns; more means the person was misunderstood."""
LOADS = tuple(range(10, 105, 5))
"""Each person lifts one of these (pounds), person i the (i mod len)-th: neighbours differ."""
MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "HAMSTRING_STORE": "dynamodb",
}
RAW_ID = re.compile(r"LOADUSER-\d{4}-[0-9a-f]{8}")
"""What every simulated person's user id and device id contain."""
AT_LOAD = re.compile(r"at (\w+(?:-\w+)?) pounds")


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that powertools reads."""

    aws_request_id: str
    function_name: str = "hamstring-coach"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:hamstring-coach"


@dataclass
class Person:
    index: int
    load: int
    factory: EnvelopeFactory
    script: Iterator[str]
    """What the person says next (texts; "" for the launch)."""
    workouts: set[str] = field(default_factory=set)
    said_logged: int = 0
    finished: bool = False
    turns: int = 0
    last: dict[str, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> str:
        return self.factory.user_id

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.user_id.encode()).hexdigest()[:12]


@dataclass
class Report:
    users: int
    turns: int = 0
    seconds: float = 0.0
    finished: int = 0
    leaks: list[str] = field(default_factory=list)
    log_lines: int = 0
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    traced_peak_mb: float | None = None
    turn_peak_mb: float | None = None
    """The most any one turn allocated above what was live before it (``--tracemalloc``)."""
    kept_by_skill_mb: float | None = None
    """Live at the end, allocated outside moto (the container's own growth)."""

    def add(self, leak: str) -> None:
        if len(self.leaks) < 50:
            self.leaks.append(leak)
        else:
            self.leaks[-1] = f"... and more ({leak})"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextlib.contextmanager
def _environment(table: str) -> Iterator[None]:
    with lambda_offline({**MOTO_ENV, "HAMSTRING_TABLE": table}, unset=["SKILL_ID"]):
        yield


@contextlib.contextmanager
def _partition_backups() -> Iterator[None]:
    """moto's ``transact_write_items`` deep-copies the whole table (once per item) as its
    rollback backup, so each write costs as much as everything stored: 1,000 people would take
    hours, and that garbage would be most of the memory measured. Here the backup deep-copies
    only the partitions (users) the transaction names and shares the rest, which no item of
    that transaction can change: the rollback is as exact as moto's own."""
    import copy as real_copy
    from collections import defaultdict

    import moto.dynamodb.models as models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    backend = models.DynamoDBBackend
    original = backend.transact_write_items
    touched: dict[str, set[DynamoType] | None] = {}

    class _Copy:
        copy = staticmethod(real_copy.copy)

        @staticmethod
        def deepcopy(obj: Any, memo: dict[int, Any] | None = None) -> Any:
            keys = touched.get(obj.name) if isinstance(obj, Table) else None
            if not isinstance(obj, Table) or keys is None:
                return real_copy.deepcopy(obj, memo)
            clone = real_copy.copy(obj)
            clone.items = defaultdict(dict, obj.items)
            for key in keys:
                if key in obj.items:
                    clone.items[key] = real_copy.deepcopy(obj.items[key])
            return clone

    def narrowed(self: Any, transact_items: list[dict[str, Any]]) -> None:
        touched.clear()
        for item in transact_items:
            _, op = next(iter(item.items()))
            table = self.tables.get(op.get("TableName"))
            if table is None:
                continue
            key = (op.get("Key") or op.get("Item") or {}).get(table.hash_key_attr)
            if key is None:
                touched[table.name] = None  # not understood: moto's full backup
            elif table.name not in touched or touched[table.name] is not None:
                found = touched.setdefault(table.name, set())
                assert found is not None
                found.add(DynamoType(key))
        original(self, transact_items)

    models.copy = _Copy  # type: ignore[assignment]
    backend.transact_write_items = narrowed  # type: ignore[method-assign]
    try:
        yield
    finally:
        models.copy = real_copy
        backend.transact_write_items = original  # type: ignore[method-assign]


def _load_entry(log: io.StringIO) -> ModuleType:
    spec = importlib.util.spec_from_file_location("lambda_load_entry", ROOT / "lambda/app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # powertools keeps one handler per service for the process: point it at our buffer.
    module.logger.registered_handler.setStream(log)
    return module


def _script() -> Iterator[str]:
    """The launch (""), onboarding; the workout's turns are decided from what was last said."""
    yield ""
    yield "dumbbells"
    yield "new"


def _next_text(person: Person) -> str | None:
    """What the person says next, from the script, then from the last answer; None: done."""
    for text in person.script:
        return text
    speech = _speech(person.last)
    if "hamstring day done" in speech or person.factory._ended:
        person.finished = "hamstring day done" in speech
        return None
    if "feel" in speech and "?" in speech:
        return f"ten reps at {person.load} pounds just right"
    if "What weight" in speech:
        return f"{person.load} pounds"
    return "ready"


def _speech(response: dict[str, Any]) -> str:
    ssml: str = ((response.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    return ssml


def _check_response(
    person: Person, response: dict[str, Any], owners: dict[str, int], report: Report
) -> None:
    """This person's response mentions no one else's id, workout or load."""
    where = f"person {person.index}, turn {person.turns}"
    text = json.dumps(response)
    for found in set(RAW_ID.findall(text)):
        report.add(f"{where}: response names {found}")
    attributes = response.get("sessionAttributes") or {}
    owner = attributes.get("owner")
    if attributes and owner != owner_of(person.user_id):
        report.add(f"{where}: attributes owned by {owner}")
    coach = attributes.get("coach") or {}
    workout = coach.get("workout") or {}
    ids: set[str] = {str(workout["workout_id"])} if workout.get("workout_id") else set()
    sets = list(workout.get("logged") or [])
    for pending in attributes.get("unsaved") or []:
        for key in ("record", "workout", "session"):
            item = pending.get(key) or {}
            if item.get("workout_id"):
                ids.add(item["workout_id"])
        sets.extend((pending.get("record") and [pending["record"]]) or [])
    for record in sets:
        ids.add(str(record.get("workout_id")))
        amount = record.get("load")
        if amount is not None and round(float(amount)) != person.load:
            report.add(f"{where}: a set at {amount} in the attributes (own load {person.load})")
    for workout_id in ids:
        holder = owners.setdefault(workout_id, person.index)
        if holder != person.index:
            report.add(f"{where}: workout {workout_id} of person {holder}")
        person.workouts.add(workout_id)
    speech = _speech(response)
    for spoken in AT_LOAD.findall(re.sub(r"<[^>]+>", " ", speech)):
        if spoken != str(person.load) and spoken != _words(person.load):
            report.add(f"{where}: speech says 'at {spoken} pounds' (own load {person.load})")


def _words(n: int) -> str:
    from skill.speech.ssml import words

    return words(n)


def _check_logs(lines: list[str], requests: dict[str, Person], report: Report) -> None:
    for line in lines:
        if not line.strip():
            continue
        report.log_lines += 1
        for found in set(RAW_ID.findall(line)):
            report.add(f"a log line names {found}: {line[:120]}")
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        request_id = record.get("alexa_request_id")
        person = requests.get(request_id) if request_id else None
        if person is not None and record.get("user") != person.digest:
            report.add(
                f"log line for person {person.index}'s request has user {record.get('user')}"
            )


def run(users: int = 1000, seed: int = 7, trace: bool = False) -> Report:
    """Plays ``users`` people through one warm Lambda on moto; returns what was found."""
    from moto import mock_aws

    report = Report(users)
    table = f"hamstring-coach-load-{uuid4().hex[:8]}"
    log = io.StringIO()
    printed = io.StringIO()
    skill_log = io.StringIO()
    skill_handler = logging.StreamHandler(skill_log)
    skill_handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    skill_logger = logging.getLogger("skill")
    level = skill_logger.level
    with _environment(table), mock_aws(), _partition_backups(), warnings.catch_warnings():
        # A turn that logs no metric (most) makes powertools warn that it has none to publish.
        warnings.filterwarnings("ignore", "No application metrics to publish")
        from skill.store.dynamodb import DynamoDBStore, create_table, make_client

        client = make_client(region="us-east-1")
        create_table(client, table)
        entry = _load_entry(log)
        skill_logger.addHandler(skill_handler)
        skill_logger.setLevel(logging.INFO)
        try:
            report.rss_start_mb = _rss_mb()
            matcher = Matcher.for_locale("en-US")
            rng = random.Random(seed)
            token = uuid4().hex[:8]
            people = [
                Person(
                    index=i,
                    load=LOADS[i % len(LOADS)],
                    factory=EnvelopeFactory(
                        user_id=f"amzn1.ask.account.LOADUSER-{i:04d}-{token}",
                        device_id=f"amzn1.ask.device.LOADUSER-{i:04d}-{token}",
                    ),
                    script=_script(),
                )
                for i in range(users)
            ]
            owners: dict[str, int] = {}
            requests: dict[str, Person] = {}
            now = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            active = list(people)
            while active:
                rng.shuffle(active)
                still: list[Person] = []
                now += timedelta(seconds=30)
                for person in active:
                    text = _next_text(person)
                    if text is None or person.turns >= MAX_TURNS:
                        envelope = person.factory.session_ended(now, "USER_INITIATED")
                        if person.factory._ended:
                            continue
                    elif text == "":
                        envelope = person.factory.launch(now)
                    else:
                        envelope = person.factory.intent(matcher.match(text), now=now)
                    request_id = envelope["request"]["requestId"]
                    requests[request_id] = person
                    if trace:
                        before = tracemalloc.get_traced_memory()[0]
                        tracemalloc.reset_peak()
                    with contextlib.redirect_stdout(printed):
                        response = entry.handler(envelope, LambdaContext(str(uuid4())))
                    if trace:
                        grew = (tracemalloc.get_traced_memory()[1] - before) / 2**20
                        report.turn_peak_mb = max(report.turn_peak_mb or 0.0, grew)
                    person.turns += 1
                    report.turns += 1
                    person.factory.remember(response)
                    person.last = response
                    _check_response(person, response, owners, report)
                    attributes = response.get("sessionAttributes") or {}
                    if "Logged " in _speech(response) and not attributes.get("unsaved"):
                        person.said_logged += 1
                    if envelope["request"]["type"] != "SessionEndedRequest":
                        still.append(person)
                active = still
                # moto's copies are cyclic garbage the young generations never see; collected
                # here, between rounds, so the memory measured is what is live.
                gc.collect()
            report.seconds = time.perf_counter() - started
            if trace:
                report.traced_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
                stats = tracemalloc.take_snapshot().statistics("filename")
                outside = sum(st.size for st in stats if "/moto/" not in st.traceback[0].filename)
                report.kept_by_skill_mb = outside / 2**20
                tracemalloc.stop()
            report.rss_peak_mb = _rss_mb()
            lines = [*log.getvalue().splitlines(), *printed.getvalue().splitlines()]
            lines += skill_log.getvalue().splitlines()
            _check_logs(lines, requests, report)
            store = DynamoDBStore(table, client)
            for person in people:
                report.finished += person.finished
                data = store.load_user(person.user_id, recent=12)
                stored = [r for s in data.recent_sessions for r in s.sets]
                if len(stored) != person.said_logged:
                    report.add(
                        f"person {person.index}: {len(stored)} sets stored, "
                        f"{person.said_logged} confirmed"
                    )
                for session in data.recent_sessions:
                    if session.workout_id not in person.workouts:
                        report.add(f"person {person.index}: stored workout not theirs")
                for record in stored:
                    if record.load is not None and round(record.load) != person.load:
                        report.add(f"person {person.index}: a stored set at {record.load}")
        finally:
            skill_logger.removeHandler(skill_handler)
            skill_logger.setLevel(level)
            sys.modules.pop("lambda_load_entry", None)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations")
    args = parser.parse_args(argv)
    report = run(args.users, args.seed, args.tracemalloc)
    print(
        f"{report.users} people, {report.turns} turns interleaved in one process in "
        f"{report.seconds:.1f} s ({report.turns / max(report.seconds, 1e-9):.0f} turns/s, moto)"
    )
    print(
        f"finished workouts: {report.finished}/{report.users}; "
        f"log lines checked: {report.log_lines}"
    )
    print(f"leaks: {len(report.leaks)}")
    for leak in report.leaks[:20]:
        print(f"  {leak}")
    print(
        f"peak RSS: {report.rss_peak_mb:.0f} MB (after the cold start: "
        f"{report.rss_start_mb:.0f} MB; moto's table is in the same process)"
    )
    if report.traced_peak_mb is not None:
        print(
            f"tracemalloc: most one turn allocated {report.turn_peak_mb or 0:.1f} MB; live at the "
            f"end outside moto {report.kept_by_skill_mb or 0:.1f} MB (incl. this bench's buffers); "
            f"peak with moto {report.traced_peak_mb:.1f} MB"
        )
    failed = bool(report.leaks) or report.finished < report.users
    if report.turn_peak_mb is not None:  # the container: after its cold start, one turn at a time
        failed |= report.rss_start_mb + report.turn_peak_mb > RSS_BUDGET_MB
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
