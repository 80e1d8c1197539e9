"""How long one Alexa turn takes through the real handler, and how much memory a day uses.

Alexa allows 8 seconds a turn; we aim for milliseconds. Plays whole hamstring days for new
users over a SQLite file and reports per-turn latency by request kind and peak traced memory.

    .venv/bin/python bench/turn_latency.py [--days 20] [--budget-ms 50]

Exits non-zero if the 95th percentile turn exceeds the budget.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--budget-ms", type=float, default=50.0)
    args = parser.parse_args()
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
    return 0 if p95 <= args.budget_ms and max(SIZES) <= 24 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
