"""Cold start: how long a fresh Python takes to import lambda/app.py and answer a launch, against
the baseline every Python Alexa skill on DynamoDB pays.

A Lambda cold start pays this once per container; Alexa's 8 seconds include it. Each run starts
two fresh interpreters, interleaved (the order alternates run by run, so drift in the machine's
load hits both alike):

- baseline: ``import ask_sdk_core`` (its skill builder) and ``boto3``, then create a DynamoDB
  client;
- app: import ``lambda/app.py`` as deployed (``HAMSTRING_STORE=dynamodb``, so it builds the skill
  and its DynamoDB client at import), then answer a first launch against moto. moto is imported
  only after the import is timed, and attached to the already-built client.

No network: fake credentials, and moto answers every DynamoDB call before it would be sent.

    .venv/bin/python bench/cold_start.py [--runs 15] [--budget-s 2.0] [--max-ratio 1.0]
        [--breakdown] [--floor]

``--floor`` also times, interleaved, what the app imports from its libraries set up as it sets
them up, with none of the skill: the least a skill on them could cost.

``--breakdown`` also runs each side once under ``python -X importtime`` and prints what the app
imports beyond the baseline, by package (``skill`` by module), in ms of import time (importtime's
own overhead included, so the sum is larger than the timed import).

Exits non-zero if the median cold start is over budget, or the median import is over
``--max-ratio`` times the median baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = """
import json, time
started = time.perf_counter()
from ask_sdk_core.skill_builder import SkillBuilder
import boto3
boto3.client("dynamodb")
print(json.dumps({"import": time.perf_counter() - started}))
"""

FLOOR = """
import gc, json, os, time
started = time.perf_counter()
gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from ask_sdk_core.skill_builder import SkillBuilder
from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics
from pydantic import AwareDatetime, BaseModel, Field
from botocore.config import Config
from skill.store.aws_session import default_session
config = Config(  # skill.store.dynamodb.CLIENT_CONFIG (that module imports the core)
    retries={"mode": "standard", "total_max_attempts": 3}, connect_timeout=0.5, read_timeout=1.0
)
default_session().client("dynamodb", config=config)
gc.freeze()
gc.enable()
print(json.dumps({"import": time.perf_counter() - started}))
"""
"""The libraries lambda/app.py imports, set up as it sets them up (the collector off while
importing, the store's boto3 session and client), and none of the skill: the least any skill
built on them could import in (``--floor``)."""

PROBE = """
import importlib.util, json, sys, time
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", sys.argv[1])
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)
imported = time.perf_counter()

import gc, os
from datetime import UTC, datetime
from botocore.client import BaseClient
from moto import mock_aws
from moto.core.models import botocore_stubber
from skill.local.envelope import EnvelopeFactory
from skill.store.dynamodb import create_table

with mock_aws():
    # The app's client was made before moto was imported: route it through moto too.
    gc.unfreeze()  # lambda/app.py froze it: gc.get_objects() skips frozen objects
    (client,) = [o for o in gc.get_objects() if isinstance(o, BaseClient)]
    gc.freeze()
    client.meta.events.register("before-send", botocore_stubber)
    create_table(client, os.environ["HAMSTRING_TABLE"])
    class Context:
        function_name = "bench"; memory_limit_in_mb = 512
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
        aws_request_id = "bench"
    event = EnvelopeFactory().launch(datetime.now(UTC))
    begun = time.perf_counter()
    answer = app.handler(event, Context())
    answered = time.perf_counter()
assert "Welcome" in answer["response"]["outputSpeech"]["ssml"], answer
print(json.dumps({"import": imported - started, "first": answered - begun}))
"""


def _env() -> dict[str, str]:
    env = {
        **os.environ,
        "HAMSTRING_STORE": "dynamodb",
        "HAMSTRING_TABLE": "bench-coach",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "POWERTOOLS_SERVICE_NAME": "hamstring-coach",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    for name in ("SKILL_ID", "HAMSTRING_DB", "AWS_PROFILE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def _run(code: str, *args: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=_env(), cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    out = result.stdout
    line = next(x for x in out.splitlines() if x.startswith('{"import"'))
    found: dict[str, float] = json.loads(line)
    return found


def _self_times(code: str, *args: str) -> dict[str, int]:
    """Module -> its own import time (µs), from ``-X importtime``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \| +(\S+)", line)
        if found:
            times[found.group(2)] = int(found.group(1))
    return times


def breakdown(app_path: str) -> None:
    base = _self_times(BASELINE)
    app = _self_times(PROBE.split("imported = ")[0], app_path)
    extra: dict[str, int] = {}
    for module, micros in app.items():
        if module in base:
            continue
        parts = module.split(".")
        group = ".".join(parts[:3]) if parts[0] == "skill" else parts[0]
        extra[group] = extra.get(group, 0) + micros
    print(
        f"import time by -X importtime: baseline {sum(base.values()) / 1000:.0f} ms, app "
        f"{sum(app.values()) / 1000:.0f} ms; imported by the app only "
        f"{sum(extra.values()) / 1000:.0f} ms:"
    )
    for group, micros in sorted(extra.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {micros / 1000:6.1f} ms  {group}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--budget-s", type=float, default=2.0)
    parser.add_argument("--max-ratio", type=float, default=1.0)
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time the libraries the app imports without the skill (FLOOR), interleaved",
    )
    args = parser.parse_args()
    app_path = str(ROOT / "lambda" / "app.py")
    _run(BASELINE), _run(PROBE, app_path)  # warm the disk cache and the .pyc files
    baselines: list[float] = []
    imports: list[float] = []
    firsts: list[float] = []
    floors: list[float] = []
    for i in range(args.runs):
        if i % 2:
            app = _run(PROBE, app_path)
            baselines.append(_run(BASELINE)["import"])
        else:
            baselines.append(_run(BASELINE)["import"])
            app = _run(PROBE, app_path)
        imports.append(app["import"])
        firsts.append(app["first"])
        if args.floor:
            floors.append(_run(FLOOR)["import"])
    base = statistics.median(baselines)
    imported = statistics.median(imports)
    ratio = imported / base
    pairwise = statistics.median(a / b for a, b in zip(imports, baselines, strict=True))
    total = statistics.median(i + f for i, f in zip(imports, firsts, strict=True))
    print(f"runs: {args.runs}, interleaved; Python {sys.version.split()[0]}")
    print(f"baseline (ask-sdk-core + boto3 + DynamoDB client): median {base * 1000:.0f} ms")
    print(f"import lambda/app.py (DynamoDB store): median {imported * 1000:.0f} ms")
    print(
        f"cold import ratio: {ratio:.2f}x (median of pairs {pairwise:.2f}x, max {args.max_ratio}x)"
    )
    if floors:
        floor = statistics.median(floors)
        print(
            f"floor (the app's libraries, none of the skill): median {floor * 1000:.0f} ms, "
            f"{floor / base:.2f}x the baseline"
        )
    print(f"first launch answered (moto): median {statistics.median(firsts) * 1000:.0f} ms")
    print(f"cold start total: median {total * 1000:.0f} ms (budget {args.budget_s * 1000:.0f} ms)")
    if args.breakdown:
        breakdown(app_path)
    return 0 if total <= args.budget_s and ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
