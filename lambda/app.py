"""Lambda entry point: the same skill as everywhere else, with the store from configuration.

Built once per container (cold start), not per request: the skill, its serializer and the store's
client (``skill.alexa.app.build_handler``). Each request writes one structured powertools log
line (request id, intent, locale, a digest of the user, never the raw user id; and Lambda's
function name, request id and cold start, as ``inject_lambda_context`` would add them) and
flushes metrics in CloudWatch's embedded format when the turn counted any. Both are done inline
rather than through powertools' decorators, which cost about as much again per request (a
context model, a state reset, and an empty-metrics warning on most turns).

The cyclic garbage collector is off while the container initialises: importing boto3, ask-sdk,
pydantic and the skill allocates hundreds of thousands of objects and almost no garbage, yet
would trigger hundreds of collections, each walking everything allocated so far (about a third
of the import time). Once the handler is built, ``gc.freeze()`` moves all of it to the permanent
generation, so collections during turns only look at what the turns allocate.
"""

from __future__ import annotations

import gc

gc.disable()

import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
from functools import lru_cache  # noqa: E402

# pydantic looks for plugins among every installed distribution's entry points the first time a
# model is built; the Lambda has none to find.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from aws_lambda_powertools.logging import Logger  # noqa: E402
from aws_lambda_powertools.metrics import Metrics, MetricUnit  # noqa: E402

from skill.alexa.app import build_handler  # noqa: E402
from skill.alexa.settings import TimedApiClient  # noqa: E402
from skill.config import Settings, make_store  # noqa: E402

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext


def _message(text: dict[Any, Any] | str | bool | int | float) -> Any:
    """Powertools tries every log message as JSON (a dict logged as a string comes out as an
    object); ours are plain words, and a failed ``json.loads`` is a fifth of the line's cost."""
    return json.loads(text) if isinstance(text, str) and text[:1] in ("{", "[") else text


# What the logging HOWTO's "Optimization" section lists for records that need no caller, thread
# or process: the one line per request carries its own keys, and powertools' ``location`` (this
# handler, every time) is dropped. About a third of the line's cost (``bench/turn_latency.py``).
logging._srcfile = None
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False
logger = Logger(service="hamstring-coach", json_deserializer=_message)
logger.remove_keys(["location"])
metrics = Metrics(namespace="HamstringCoach", service="hamstring-coach")


class CloudWatchObserver:
    """Counts sessions, workouts, sets and storage failures as CloudWatch metrics."""

    def session_started(self) -> None:
        metrics.add_metric(name="SessionsStarted", unit=MetricUnit.Count, value=1)

    def workout_started(self) -> None:
        metrics.add_metric(name="WorkoutsStarted", unit=MetricUnit.Count, value=1)

    def set_logged(self) -> None:
        metrics.add_metric(name="SetsLogged", unit=MetricUnit.Count, value=1)

    def storage_failed(self) -> None:
        metrics.add_metric(name="StorageFailures", unit=MetricUnit.Count, value=1)


# Lambda's file system is read-only outside /tmp: without a DynamoDB table configured, SQLite in
# /tmp keeps a bare deployment answering rather than failing.
_default_db = None if os.environ.get("HAMSTRING_DB") else Path("/tmp/hamstring-coach.sqlite3")
_settings = Settings.from_env(db_path=_default_db)
_handler = build_handler(
    make_store(_settings),
    skill_id=_settings.skill_id,
    observer=CloudWatchObserver(),
    api_client=TimedApiClient(),  # the device's time zone, from Alexa's settings API
)


def _field(node: object, *path: str) -> str:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return "" if node is None else str(node)


def _request_keys(event: object) -> dict[str, str]:
    user = _field(event, "session", "user", "userId") or _field(
        event, "context", "System", "user", "userId"
    )
    return {
        "alexa_request_id": _field(event, "request", "requestId"),
        "request_type": _field(event, "request", "type"),
        "intent": _field(event, "request", "intent", "name"),
        "locale": _field(event, "request", "locale"),
        "user": _digest(user) if user else "",
    }


@lru_cache(maxsize=64)
def _digest(user: str) -> str:
    """A short one-way digest lets operators follow one person's turns without their id (a warm
    container mostly serves the same few people, turn after turn)."""
    return hashlib.sha256(user.encode()).hexdigest()[:12]


_cold_start = os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") != "provisioned-concurrency"
"""True until the first request is answered (provisioned containers never start cold)."""


def _lambda_keys(context: object) -> dict[str, Any]:
    """The keys powertools' ``inject_lambda_context`` puts on a request's log lines."""
    global _cold_start
    cold, _cold_start = _cold_start, False
    return {
        "cold_start": cold,
        "function_name": getattr(context, "function_name", "UNDEFINED"),
        "function_memory_size": getattr(context, "memory_limit_in_mb", 128),
        "function_arn": getattr(context, "invoked_function_arn", "UNDEFINED"),
        "function_request_id": getattr(context, "aws_request_id", "UNDEFINED"),
    }


def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.info("request", extra={**_lambda_keys(context), **_request_keys(event)})
    try:
        return _handler(event, context)
    finally:
        if metrics.metric_set:  # what log_metrics flushes; a turn without any prints nothing
            metrics.flush_metrics()


gc.freeze()  # everything built so far lives as long as the container: never scan it again
gc.enable()
