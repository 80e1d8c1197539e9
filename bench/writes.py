"""What a workout costs on DynamoDB: calls, write and read units per turn, and per month.

Plays whole workouts through the real Lambda handler (``skill.alexa.app.build_handler`` with the
DynamoDB store, as ``lambda/app.py`` builds it) on moto: a new person's first day (launch,
onboarding, the plan, every set, the end) and then a returning person's day (launch, "start",
every set, the end). Every DynamoDB call the handler makes is metered on its client:

- write units as DynamoDB bills them: per item written, its size (the larger of before and
  after) rounded up to 1 KB; twice that inside TransactWriteItems (ConditionCheck included); a
  write whose condition fails, or a cancelled transaction, costs the same;
- read units: a strongly consistent Query costs the bytes it reads rounded up to 4 KB.

Sizes are DynamoDB's (attribute names plus values), computed from the items before and after
each call, read back from moto on a separate, unmetered client. moto answers every call in the
process; no network.

Turn types: ``launch`` (LaunchRequest), ``setup`` (onboarding answers), ``plan/start`` (the turn
that plans the day), ``cue`` ("ready": no write), ``log set``, ``last set`` (the log that ends
the workout: it is also the workout's end, and the session's, so Alexa sends no
SessionEndedRequest after it). Per workout: the returning person's day.

The monthly cost assumes every daily user trains once a day (30 days a month), the returning
day's figures, and on-demand prices (``PRICES``; change them with the flags). Storage: the bytes
one workout leaves (sets and session item), accumulated over a month.

    .venv/bin/python bench/writes.py            # the table
    .venv/bin/python bench/writes.py --json     # the same, machine-readable
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.offline import lambda_offline  # noqa: E402

WRU_PER_MILLION = 0.625
"""USD per million write request units, on-demand, us-east-1, Standard table class: AWS halved
on-demand throughput prices from 1 November 2024 (from $1.25). Checked against published
summaries of that cut (2025); the authority is aws.amazon.com/dynamodb/pricing/on-demand/.
``--wru 1.25 --rru 0.25`` gives the older prices."""
RRU_PER_MILLION = 0.125
"""USD per million read request units, on-demand, us-east-1 (was $0.25 before November 2024)."""
STORAGE_PER_GB_MONTH = 0.25
"""USD per GB-month, Standard table class, us-east-1 (the first 25 GB a month are free)."""
DAYS_PER_MONTH = 30
USERS = 1000
LOAD = 40
EQUIPMENT = "barbell dumbbells bench and machines"
LEVEL = "some"
"""With this kit and level the plan is nine sets, the workout issue 11 counted."""
MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}
TURN_TYPES = ("launch", "setup", "plan/start", "cue", "log set", "last set", "end")


def item_size(item: dict[str, Any] | None) -> int:
    """DynamoDB's item size in bytes: attribute names plus values (strings and numbers as text,
    which is exact for strings and a slight overestimate for numbers)."""
    if not item:
        return 0
    total = 0
    for name, value in item.items():
        (kind, raw), *_ = value.items()
        total += len(name.encode()) + (len(str(raw).encode()) if kind in ("S", "N") else 1)
    return total


def _units(size: int, per: int) -> int:
    return max(1, math.ceil(size / per))


@dataclass
class Turn:
    kind: str
    said: str
    calls: list[str] = field(default_factory=list)
    write_units: int = 0
    read_units: int = 0


@dataclass
class Meter:
    """Meters every call of ``client`` into ``turn``; reads items back through ``peek``."""

    client: Any
    peek: Any
    table: str
    turn: Turn | None = None
    _before: dict[str, list[tuple[dict[str, Any], int]]] = field(default_factory=dict)

    def attach(self) -> None:
        events = self.client.meta.events
        events.register("provide-client-params.dynamodb", self._params)
        events.register("after-call.dynamodb", self._after)

    def _get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.peek.get_item(TableName=self.table, Key=key).get("Item")
        return found

    def _writes(self, operation: str, params: dict[str, Any]) -> list[tuple[dict[str, Any], int]]:
        """Each item a write names and its billing factor (2 inside a transaction)."""
        if operation in ("PutItem", "UpdateItem", "DeleteItem"):
            key = params.get("Key") or {k: params["Item"][k] for k in ("pk", "sk")}
            return [(key, 1)]
        if operation == "TransactWriteItems":
            out = []
            for action in params["TransactItems"]:
                (_, body), *_ = action.items()
                key = body.get("Key") or {k: body["Item"][k] for k in ("pk", "sk")}
                out.append((key, 2))
            return out
        if operation == "BatchWriteItem":
            out = []
            for requests in params["RequestItems"].values():
                for request in requests:
                    (_, body), *_ = request.items()
                    key = body.get("Key") or {k: body["Item"][k] for k in ("pk", "sk")}
                    out.append((key, 1))
            return out
        return []

    def _params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        writes = self._writes(model.name, params)
        self._before[model.name] = [(k, f) for k, f in writes]
        self._sizes = [item_size(self._get(k)) for k, _ in writes]
        if self.turn is not None:
            self.turn.calls.append(model.name)

    def _after(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if self.turn is None:
            return
        writes = self._before.pop(model.name, [])
        for (key, factor), before in zip(writes, self._sizes, strict=True):
            after = item_size(self._get(key))
            self.turn.write_units += factor * _units(max(before, after), 1024)
        if model.name == "Query":
            read = sum(item_size(i) for i in parsed.get("Items", []))
            self.turn.read_units += _units(read, 4096)


@dataclass
class Day:
    turns: list[Turn]
    stored_bytes: int

    def by_kind(self) -> dict[str, list[Turn]]:
        out: dict[str, list[Turn]] = defaultdict(list)
        for turn in self.turns:
            out[turn.kind].append(turn)
        return out

    @property
    def write_units(self) -> int:
        return sum(t.write_units for t in self.turns)

    @property
    def read_units(self) -> int:
        return sum(t.read_units for t in self.turns)

    @property
    def calls(self) -> int:
        return sum(len(t.calls) for t in self.turns)

    @property
    def write_calls(self) -> int:
        return sum(1 for t in self.turns for c in t.calls if c != "Query")


@contextlib.contextmanager
def _environment() -> Iterator[None]:
    with lambda_offline(MOTO_ENV):
        yield


def _speech(response: dict[str, Any]) -> str:
    ssml: str = ((response.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    return ssml


def _workout(response: dict[str, Any]) -> dict[str, Any]:
    coach = (response.get("sessionAttributes") or {}).get("coach") or {}
    workout: dict[str, Any] = coach.get("workout") or {}
    return workout


def play(
    handler: Any, meter: Meter, user: str, now: datetime, first: bool, level: str = LEVEL
) -> list[Turn]:
    """One person's day through ``handler``: launch, (onboarding,) the plan, every set, end."""
    from skill.local.envelope import EnvelopeFactory
    from skill.local.nlu import Matcher

    matcher = Matcher.for_locale("en-US")
    factory = EnvelopeFactory(user_id=user, device_id=f"amzn1.ask.device.{user[-8:]}")
    script = ["", EQUIPMENT, level] if first else ["", "start"]
    turns: list[Turn] = []
    last: dict[str, Any] = {}
    for _ in range(80):
        now += timedelta(seconds=45)
        speech = _speech(last)
        had = bool(_workout(last)) if last else False
        if script:
            text: str | None = script.pop(0)
        elif (last.get("response") or {}).get("shouldEndSession"):
            return turns  # the skill ended the session: Alexa sends no SessionEndedRequest
        elif "hamstring day done" in speech or (last and not _workout(last)):
            text = None
        elif "feel" in speech and "?" in speech:
            text = f"ten reps at {LOAD} pounds just right"
        elif "What weight" in speech:
            text = f"{LOAD} pounds"
        else:
            text = "ready"
        if text is None:
            envelope = factory.session_ended(now, "USER_INITIATED")
            kind = "end"
        elif text == "":
            envelope, kind = factory.launch(now), "launch"
        else:
            envelope = factory.intent(matcher.match(text), now=now)
            kind = "setup" if first and len(turns) < 3 else "cue"
        turn = Turn(kind, text or "(session ended)")
        meter.turn = turn
        response = handler(envelope, None)
        meter.turn = None
        factory.remember(response)
        if (response.get("sessionAttributes") or {}).get("unsaved"):
            raise SystemExit(f"writes left unsaved after {turn.said!r}")
        workout = _workout(response)
        if not had and workout:
            turn.kind = "plan/start"
        elif "ten reps" in turn.said:
            turn.kind = "log set" if workout else "last set"
        turns.append(turn)
        last = response
        if kind == "end":
            return turns
    raise SystemExit("the workout did not end")


def _stored(peek: Any, table: str, user: str, workout_ids: set[str]) -> int:
    """Bytes the day's workout left stored (its session and set items)."""
    pages = peek.get_paginator("query").paginate(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"USER#{user}"}},
    )
    total = 0
    for page in pages:
        for item in page["Items"]:
            if item.get("workout_id", {}).get("S") in workout_ids and not item["sk"][
                "S"
            ].startswith("~"):
                total += item_size(item)
    return total


def measure(level: str = LEVEL) -> tuple[Day, Day]:
    """The first day and a returning day of someone with ``EQUIPMENT`` at ``level``
    ("new", "some", "experienced": the more experienced, the more sets), metered turn by turn."""
    from moto import mock_aws

    with _environment(), mock_aws():
        from skill.alexa.app import build_handler
        from skill.store.dynamodb import DynamoDBStore, create_table, make_client

        table = f"hamstring-writes-{uuid4().hex[:8]}"
        peek = make_client(region="us-east-1")
        create_table(peek, table)
        client = make_client(region="us-east-1")
        meter = Meter(client, peek, table)
        meter.attach()
        now = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
        clock_now = [now]
        handler = build_handler(DynamoDBStore(table, client), clock=lambda: clock_now[0])
        user = f"amzn1.ask.account.WRITES-{uuid4().hex[:8]}"
        days = []
        for first, start in ((True, now), (False, now + timedelta(days=3))):
            clock_now[0] = start
            before = _ids(peek, table, user)

            def ticking(h: Any = handler) -> Any:
                def call(envelope: dict[str, Any], context: Any) -> Any:
                    stamp = envelope["request"]["timestamp"]
                    clock_now[0] = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                    return h(envelope, context)

                return call

            turns = play(ticking(), meter, user, start, first, level)
            new = _ids(peek, table, user) - before
            days.append(Day(turns, _stored(peek, table, user, new)))
        return days[0], days[1]


def _ids(peek: Any, table: str, user: str) -> set[str]:
    out = peek.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"USER#{user}"}},
    )
    return {i["workout_id"]["S"] for i in out["Items"] if "workout_id" in i}


def summary(day: Day) -> dict[str, Any]:
    kinds = day.by_kind()
    per_type = {}
    for kind in TURN_TYPES:
        turns = kinds.get(kind, [])
        if not turns:
            continue
        per_type[kind] = {
            "turns": len(turns),
            "calls_per_turn": sorted({len(t.calls) for t in turns}),
            "write_calls_per_turn": sorted(
                {sum(1 for c in t.calls if c != "Query") for t in turns}
            ),
            "write_units_per_turn": sorted({t.write_units for t in turns}),
            "read_units_per_turn": sorted({t.read_units for t in turns}),
            "calls": sorted({c for t in turns for c in t.calls}),
        }
    return {
        "turns": len(day.turns),
        "sets": len(kinds.get("log set", [])) + len(kinds.get("last set", [])),
        "calls": day.calls,
        "write_calls": day.write_calls,
        "write_units": day.write_units,
        "read_units": day.read_units,
        "stored_bytes": day.stored_bytes,
        "per_type": per_type,
    }


def monthly(day: Day, users: int, wru: float, rru: float, storage: float) -> dict[str, float]:
    """USD a month for ``users`` daily users, each training once a day, for a month; storage:
    what one month of workouts adds (it accumulates month over month)."""
    workouts = users * DAYS_PER_MONTH
    writes = workouts * day.write_units / 1e6 * wru
    reads = workouts * day.read_units / 1e6 * rru
    gb = workouts * day.stored_bytes / 1e9
    return {
        "write_usd": writes,
        "read_usd": reads,
        "requests_usd": writes + reads,
        "stored_gb_per_month": gb,
        "storage_usd_added_per_month": gb * storage,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--wru", type=float, default=WRU_PER_MILLION, help="USD per million WRU")
    parser.add_argument("--rru", type=float, default=RRU_PER_MILLION, help="USD per million RRU")
    parser.add_argument("--storage", type=float, default=STORAGE_PER_GB_MONTH, help="USD/GB-mo")
    parser.add_argument("--users", type=int, default=USERS, help="daily users")
    parser.add_argument("--level", default=LEVEL, choices=("new", "some", "experienced"))
    args = parser.parse_args(argv)
    first, again = measure(args.level)
    result = {
        "first_day": summary(first),
        "returning_day": summary(again),
        "prices": {
            "wru_per_million_usd": args.wru,
            "rru_per_million_usd": args.rru,
            "storage_gb_month_usd": args.storage,
        },
        "monthly": monthly(again, args.users, args.wru, args.rru, args.storage),
        "users": args.users,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, day in (("first day (onboarding)", first), ("returning day", again)):
        print(f"{name}:")
        print(f"  {'turn':<11} {'n':>3} {'calls':>7} {'writes':>7} {'WRU':>7} {'RRU':>5}  calls")
        for kind, row in summary(day)["per_type"].items():
            print(
                f"  {kind:<11} {row['turns']:>3} {_span(row['calls_per_turn']):>7} "
                f"{_span(row['write_calls_per_turn']):>7} {_span(row['write_units_per_turn']):>7} "
                f"{_span(row['read_units_per_turn']):>5}  {', '.join(row['calls'])}"
            )
        s = summary(day)
        print(
            f"  workout: {s['sets']} sets, {s['turns']} turns, {s['calls']} calls "
            f"({s['write_calls']} writes), {s['write_units']} WRU, {s['read_units']} RRU, "
            f"{s['stored_bytes']} bytes stored"
        )
    m = result["monthly"]
    print(
        f"per month, {args.users:,} daily users training once a day ({DAYS_PER_MONTH} days), "
        f"on-demand at ${args.wru}/M WRU, ${args.rru}/M RRU, ${args.storage}/GB-month:"
    )
    print(
        f"  writes ${m['write_usd']:.2f} + reads ${m['read_usd']:.2f} = "
        f"${m['requests_usd']:.2f}; storage grows {m['stored_gb_per_month']:.3f} GB a month "
        f"(+${m['storage_usd_added_per_month']:.3f} a month, each month)"
    )
    return 0


def _span(values: list[int]) -> str:
    return str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"


if __name__ == "__main__":
    raise SystemExit(main())
