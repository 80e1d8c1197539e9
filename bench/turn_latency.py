"""How long one Alexa turn takes through the real handler, against an empty skill; and how much
memory a day uses.

Alexa allows 8 seconds a turn; we aim for less than an empty skill takes. Two parts:

1. **Against hello world** (``--rounds``, default 3,000). ``lambda/app.py`` as deployed (powertools
   logging and metrics, the DynamoDB store, on moto) and a hello-world ask-sdk-core skill
   (``SkillBuilder``, one handler that speaks, ``sb.lambda_handler()`` as the ask-sdk docs show)
   answer the same recorded envelopes, interleaved call by call in one process, the order
   alternating each round, each call on a fresh copy of the envelope (as Lambda hands over a
   freshly parsed event). The envelopes are recorded from a real session: a form cue mid-workout,
   "help" and "repeat" mid-workout (no storage calls: the state rides in session attributes),
   and, for the record, a set logged (a DynamoDB write on moto, which no empty skill makes) and
   a launch (one DynamoDB read). Reported: p50 and p99 of each, the ratios, and a profile of
   one form cue by stage (deserialize, state in, conversation, state out, store, rest of the
   dispatch, serialize, logging and metrics). The ratio check covers the turns without I/O.
2. **A day's turns** (``--days``, default 20): whole hamstring days for new users over a SQLite
   file, per-turn latency by request kind and peak traced memory.

    .venv/bin/python bench/turn_latency.py [--rounds 3000] [--max-ratio 1.0] [--days 20]
        [--budget-ms 50] [--no-io-only]

``--no-io-only`` leaves the launch and the logged set out of the rotation: a moto turn walks far
more memory than a no-I/O turn and evicts both skills' code and data from the CPU caches before
the next call, ours more.

Exits non-zero if a no-I/O turn's p50 or p99 is over ``--max-ratio`` times hello world's, if the
day's 95th percentile turn exceeds the budget, or a response is over Alexa's 24 KB.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.offline import lambda_offline  # noqa: E402
from skill.alexa.app import build_handler  # noqa: E402
from skill.local.envelope import EnvelopeFactory  # noqa: E402
from skill.local.nlu import Matcher  # noqa: E402
from skill.store.sqlite import SQLiteStore  # noqa: E402

SIZES: list[int] = []
"""Bytes of every response: Alexa refuses one over 24 KB (session attributes included)."""


def play_day(
    handler: Any, matcher: Matcher, user: str, now: datetime, timings: dict[str, list[float]]
) -> int:
    factory = EnvelopeFactory(user_id=user)

    def send(kind: str, envelope: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        response: dict[str, Any] = handler(envelope, None)
        timings[kind].append((time.perf_counter() - started) * 1000)
        SIZES.append(len(json.dumps(response).encode()))
        factory.remember(response)
        return response

    send("launch", factory.launch(now))
    for text in ("machines barbell dumbbells and bands", "experienced"):
        send("onboarding", factory.intent(matcher.match(text), now=now))
    turns = 3
    for _ in range(40):
        send("ready (counted set)", factory.intent(matcher.match("ready"), now=now))
        body = send(
            "log set",
            factory.intent(matcher.match("ten reps at twenty pounds just right"), now=now),
        )
        turns += 2
        if body["response"].get("shouldEndSession"):
            break
    return turns


# --- against hello world ------------------------------------------------------------------------

MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "HAMSTRING_STORE": "dynamodb",
    "HAMSTRING_TABLE": "bench-turns",
    "POWERTOOLS_SERVICE_NAME": "hamstring-coach",
}
NO_IO = ("form cue", "help", "repeat")
"""Turns answered from session attributes alone: the ratio check is on these."""
STORE_METHODS = (
    "load_user",
    "save_profile",
    "save_active",
    "log_set",
    "end_session",
    "close_sessions",
    "delete_user",
)


class Context:
    """What powertools reads from Lambda's context object."""

    function_name = "bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "bench-request"


def hello_world() -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """The empty skill: ask-sdk-core's SkillBuilder, one handler, the standard lambda_handler."""
    from ask_sdk_core.dispatch_components import AbstractRequestHandler
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_core.skill_builder import SkillBuilder
    from ask_sdk_model import Response

    class Hello(AbstractRequestHandler):  # type: ignore[misc]
        def can_handle(self, handler_input: HandlerInput) -> bool:
            return True

        def handle(self, handler_input: HandlerInput) -> Response:
            return handler_input.response_builder.speak("Hello world").response

    sb = SkillBuilder()
    sb.add_request_handler(Hello())
    handler: Callable[[dict[str, Any], Any], dict[str, Any]] = sb.lambda_handler()
    return handler


@contextlib.contextmanager
def deployed() -> Iterator[ModuleType]:
    """lambda/app.py on moto, its logs to /dev/null (written and formatted, as in Lambda), the
    Alexa settings API answered offline (no zone set)."""
    from moto import mock_aws

    from skill.store.dynamodb import create_table, make_client

    sink = open(os.devnull, "w")  # noqa: SIM115
    offline = lambda_offline(MOTO_ENV, unset=["SKILL_ID", "HAMSTRING_DB"])
    try:
        with offline, mock_aws(), warnings.catch_warnings(), contextlib.redirect_stdout(sink):
            warnings.filterwarnings("ignore", "No application metrics to publish")
            create_table(make_client(region="us-east-1"), MOTO_ENV["HAMSTRING_TABLE"])
            spec = importlib.util.spec_from_file_location(
                "turn_latency_entry", ROOT / "lambda/app.py"
            )
            assert spec is not None and spec.loader is not None
            entry = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(entry)
            entry.logger.registered_handler.setStream(sink)
            yield entry
    finally:
        sink.close()


def recorded(entry: ModuleType, matcher: Matcher) -> dict[str, dict[str, Any]]:
    """Envelopes of one real session, each taken at the point a device would send it."""
    now = datetime.now(UTC)
    factory = EnvelopeFactory(user_id="amzn1.ask.account.BENCH-TURNS")

    def play(envelope: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = entry.handler(copy.deepcopy(envelope), Context())
        factory.remember(response)
        return response

    envelopes: dict[str, dict[str, Any]] = {"launch": factory.launch(now)}
    play(envelopes["launch"])
    for text in ("machines barbell dumbbells and bands", "experienced"):
        play(factory.intent(matcher.match(text), now=now))
    play(factory.intent(matcher.match("ready"), now=now))  # the first set, counted
    for kind, intent in (("form cue", "FormCueIntent"), ("help", "AMAZON.HelpIntent")):
        envelopes[kind] = factory.intent(intent, now=now)
    envelopes["repeat"] = factory.intent("AMAZON.RepeatIntent", now=now)
    envelopes["log set"] = factory.intent(
        matcher.match("ten reps at twenty pounds just right"), now=now
    )
    for kind in ("form cue", "help", "repeat"):
        said = entry.handler(copy.deepcopy(envelopes[kind]), Context())["response"]
        assert "outputSpeech" in said, (kind, said)
    return envelopes


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def against_hello_world(
    rounds: int, max_ratio: float, matcher: Matcher, no_io_only: bool = False
) -> bool:
    hello = hello_world()
    with deployed() as entry:
        envelopes = recorded(entry, matcher)
        ours: dict[str, list[float]] = defaultdict(list)
        theirs: dict[str, list[float]] = defaultdict(list)
        context = Context()
        rng = random.Random(11)
        kinds = [k for k in envelopes if k in NO_IO] if no_io_only else list(envelopes)
        for _ in range(50):  # warm both up
            for kind in kinds:
                entry.handler(copy.deepcopy(envelopes[kind]), context)
                hello(copy.deepcopy(envelopes[kind]), context)
        timer = time.perf_counter_ns
        for i in range(rounds):
            rng.shuffle(kinds)
            for kind in kinds:
                first, second = copy.deepcopy(envelopes[kind]), copy.deepcopy(envelopes[kind])
                pairs = ((entry.handler, ours), (hello, theirs))
                for handler, into in pairs if i % 2 else reversed(pairs):
                    event = first if into is ours else second
                    started = timer()
                    handler(event, context)
                    into[kind].append((timer() - started) / 1000)
        stages = stage_profile(entry, envelopes["form cue"], max(200, rounds // 5))
    rotation = "no-I/O turns only" if no_io_only else "with the moto turns"
    print(
        f"against hello world: {rounds} rounds, interleaved ({rotation}), lambda/app.py on moto"
        " DynamoDB"
    )
    print(
        f"  {'turn':10} {'ours p50':>9} {'hello p50':>9} {'ratio':>6}  {'ours p99':>9} "
        f"{'hello p99':>9} {'ratio':>6}"
    )
    ok = True
    for kind in (k for k in envelopes if k in kinds):
        o50, h50 = statistics.median(ours[kind]), statistics.median(theirs[kind])
        o99, h99 = percentile(ours[kind], 0.99), percentile(theirs[kind], 0.99)
        checked = kind in NO_IO
        if checked and (o50 / h50 > max_ratio or o99 / h99 > max_ratio):
            ok = False
        note = "" if checked else "  (I/O on moto: not checked)"
        print(
            f"  {kind:10} {o50:7.0f}µs {h50:7.0f}µs {o50 / h50:5.2f}x  {o99:7.0f}µs "
            f"{h99:7.0f}µs {o99 / h99:5.2f}x{note}"
        )
    print(f"  no-I/O turns at most {max_ratio}x hello world (p50 and p99): {'yes' if ok else 'NO'}")
    print("  one form cue by stage (median µs):")
    for stage, value in stages.items():
        print(f"    {stage:34} {value:6.0f}")
    return ok


def stage_profile(entry: ModuleType, envelope: dict[str, Any], turns: int) -> dict[str, float]:
    """Median µs per stage of one turn, timed inside the deployed handler by wrapping its parts:
    the serializer's read and write, the runner's state load, conversation and state dump, and
    every store call; the logging and metrics are the entry's own time around the skill."""
    from skill.alexa import runner, state

    timer = time.perf_counter_ns
    spent: dict[str, int] = defaultdict(int)
    missing = object()
    running: set[str] = set()
    patched: list[tuple[object, str, object]] = []

    def timed(owner: object, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if stage in running:  # a recursive call (the serializer's): timed by the outer one
                return original(*args, **kwargs)
            running.add(stage)
            started = timer()
            try:
                return original(*args, **kwargs)
            finally:
                spent[stage] += timer() - started
                running.discard(stage)

        patched.append((owner, name, vars(owner).get(name, missing)))
        setattr(owner, name, wrapper)

    if not hasattr(entry._handler, "skill"):
        return {}  # an older build_handler, without the handles the profile times
    serializer = entry._handler.skill.serializer
    timed(serializer, "load" if hasattr(serializer, "load") else "deserialize", "deserialize")
    timed(serializer, "serialize", "serialize")
    timed(runner, "_load", "session state in (pydantic)")
    timed(runner, "_respond", "conversation (core + speech)")
    timed(state.SessionState, "attributes", "session state out (pydantic)")
    store = entry._handler.store
    for name in STORE_METHODS:
        if hasattr(store, name):
            timed(store, name, "store")
    timed(entry, "_handler", "skill (everything but logging)")
    context = Context()
    samples: dict[str, list[float]] = defaultdict(list)
    try:
        for _ in range(turns):
            event = copy.deepcopy(envelope)
            spent.clear()
            started = timer()
            entry.handler(event, context)
            total = timer() - started
            inner = spent.pop("skill (everything but logging)")
            named = sum(spent.values())
            for stage, ns in spent.items():
                samples[stage].append(ns / 1000)
            samples["ask-sdk dispatch, runner, rest"].append((inner - named) / 1000)
            samples["logging and metrics (powertools)"].append((total - inner) / 1000)
            samples["total"].append(total / 1000)
    finally:
        for owner, name, own in reversed(patched):
            if own is missing:
                delattr(owner, name)
            else:
                setattr(owner, name, own)
    order = [
        "deserialize",
        "session state in (pydantic)",
        "conversation (core + speech)",
        "session state out (pydantic)",
        "store",
        "ask-sdk dispatch, runner, rest",
        "serialize",
        "logging and metrics (powertools)",
        "total",
    ]
    return {stage: statistics.median(samples[stage]) if samples[stage] else 0.0 for stage in order}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--max-ratio", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--budget-ms", type=float, default=50.0)
    parser.add_argument(
        "--no-io-only",
        action="store_true",
        help="leave the launch and the logged set (moto I/O) out of the interleaved rotation",
    )
    args = parser.parse_args()
    matcher = Matcher.from_file(ROOT / "interaction_models" / "en-US.json")
    faster = (
        against_hello_world(args.rounds, args.max_ratio, matcher, args.no_io_only)
        if args.rounds
        else True
    )
    if not args.days:
        return 0 if faster else 1
    matcher = Matcher.from_file(ROOT / "interaction_models" / "en-US.json")
    timings: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        started = datetime(2026, 12, 1, 18, tzinfo=UTC)
        clock_now = [started]

        def clock() -> datetime:
            return clock_now[0]

        store = SQLiteStore(Path(tmp) / "bench.sqlite3", clock=clock)
        handler = build_handler(store, clock)
        tracemalloc.start()
        turns = 0
        for day in range(args.days):
            clock_now[0] = started + timedelta(days=3 * day)
            turns += play_day(handler, matcher, f"bench-user-{day % 3}", clock_now[0], timings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        store.close()
    everything = sorted(t for ts in timings.values() for t in ts)
    p95 = everything[int(len(everything) * 0.95) - 1]
    print(f"{turns} turns over {args.days} hamstring days")
    for kind, ts in timings.items():
        ts.sort()
        print(
            f"  {kind:22} n={len(ts):4}  p50={statistics.median(ts):6.2f} ms  "
            f"p95={ts[int(len(ts) * 0.95) - 1]:6.2f} ms  max={ts[-1]:6.2f} ms"
        )
    print(
        f"all turns: p95={p95:.2f} ms (budget {args.budget_ms} ms); peak traced memory "
        f"{peak / 1e6:.1f} MB"
    )
    print(f"largest response: {max(SIZES) / 1024:.1f} KB (Alexa's limit 24 KB)")
    return 0 if faster and p95 <= args.budget_ms and max(SIZES) <= 24 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
