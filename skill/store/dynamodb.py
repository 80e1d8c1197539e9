"""DynamoDB implementation of ``Store``: the deployed (Lambda) backend, one table, on-demand.

Layout: one partition per user, ``pk = "USER#<user_id>"``, and these sort keys::

    ~PROFILE                       Profile JSON
    ~ACTIVE                        WorkoutState JSON (fields at their defaults left out),
                                   workout_id, started_at, progress, expires_at (the table's
                                   TTL), stored (the keys of the sets logged with it)
    ~DELETING                      a deletion under way (``delete_user``), requested_at
    X#<workout id>                 a session whose id does not start with its time (see below)
    X#<workout id>#S#<set key>     one of its sets
    W#<workout id>                 a session (SessionRecord JSON without its sets, started_at,
                                   status: a finished session is never written again)
    W#<workout id>#S#<set key>     one set (SetRecord JSON, workout_id, exercise_id, logged_at);
                                   the key is ``SetRecord.storage_key``: position and report

The skill makes workout ids time-sortable, ``"20261201T180000-1a2b3c4d"`` (UTC start, to the
second: ``skill.store.codec.workout_id``), so the ``W#`` keys are in start order. Ids in
any other form go under ``X#``, which sorts above ``W#``: every read takes all of them, so such ids
are still ordered correctly (only the skill's own ids are bounded). Because ``"~"`` sorts after
``"X"`` and ``"W"``, one Query over the partition, newest first, returns the profile, the active
workout, then the sessions newest first, each one's sets just before its session item.
``load_user`` is that single Query; it pages on only while the ``recent`` newest sessions could
still be unread.

Every set is its own item (a few hundred bytes), written with ``attribute_not_exists``: a
retried log lands once, and a second device's different report for the same position is a set of
its own beside the first (its key names the report), as in SQLite. Nothing grows without bound:
the largest item is the active workout, bounded by its plan. Abandoned active workouts expire by
TTL (``ACTIVE_TTL`` after their last save); DynamoDB deletes expired items late, so reads ignore
them already.

Round trips per call (each one request; retries are botocore's):

    load_user        1 Query (another page only for unusually large sessions, for ids not made
                     by the skill, or when the page ends between two sessions of one hour)
    save_profile     1 PutItem
    save_active      1 TransactWriteItems (active workout + its session item; + the profile
                     when given); mid-workout 1 UpdateItem of the active workout instead, while
                     it is this workout (the transaction follows only if that condition fails)
    log_set          with the active workout (every set the skill logs): 1 TransactWriteItems
                     (the set, conditional + the active workout moved on, conditional); only if
                     a condition fails (a retry, another device's workout, no pointer), then
                     the two calls below, as ``log_set`` and ``save_active``. Alone: 1
                     TransactWriteItems (the set, conditional + its session if missing)
    end_session      with the last set: 1 TransactWriteItems (that set, the session item, the
                     active workout dropped while it lists every other carried set as stored);
                     only if a condition fails, ``log_set`` of it, then as below. Alone: 1
                     TransactWriteItems (session, carried sets, active workout); 2 when the
                     active workout is another one; one more per 100 carried sets; 1 DeleteItem
                     instead of the rest when the session is finished already

A workout of n sets is n + 1 writes: its start, then one per set, the last one included. The
session item is written at the start and the end only; nothing is written twice.
    close_sessions   1 TransactWriteItems (each orphan's session item + a check that none is the
                     active workout); a second only when another device changed one meanwhile
    delete_user      1 PutItem (the marker), then rounds of 1 Query for the keys left + 1
                     BatchWriteItem per 25 (failed and unprocessed ones go to the next round)
                     until a Query finds nothing, then 1 DeleteItem (the marker); at most
                     ``DELETE_ROUNDS`` rounds within ``DELETE_BUDGET_S``
    recent_sessions  1 Query (0 for ``limit <= 0``); for inspection, outside the Store protocol

Reads are strongly consistent, like SQLite: a relaunch right after a write sees it. Every botocore
failure (throttling, 5xx, timeouts, connection errors, missing table or credentials) is raised as
``StoreUnavailable``; the skill keeps talking and retries its unsaved writes on a later turn.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from skill.core.history import SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Profile
from skill.core.workout import WorkoutState
from skill.store.codec import Clock, id_time, parse, read, timestamp, utc_now
from skill.store.errors import StoreUnavailable
from skill.store.lifecycle import Closing
from skill.store.protocol import (
    SessionFinished,
    SetAside,
    UserData,
    check_one_workout,
    log_then_end,
    progress,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        AttributeValueTypeDef,
        DeleteTypeDef,
        PutTypeDef,
        QueryInputTypeDef,
        TransactWriteItemTypeDef,
        UpdateTypeDef,
        WriteRequestTypeDef,
    )

logger = logging.getLogger(__name__)

# -- client configuration ---------------------------------------------------------------------

CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 1.0
MAX_ATTEMPTS = 3
"""Total attempts per call, the first included (botocore's ``total_max_attempts``)."""

CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
    connect_timeout=CONNECT_TIMEOUT_S,
    read_timeout=READ_TIMEOUT_S,
)
"""Alexa waits 8 s for a whole turn; botocore's defaults (60 s connect, 60 s read, legacy retries)
would let one slow call spend all of it. Worst case for one call with these settings:

- an attempt that times out costs at most 0.5 s (connect) + 1 s (read) = 1.5 s;
- standard-mode backoff before retry ``i`` (1-based) is ``rand(0, 1) * scale * 2**(i-1)``, with
  ``scale`` = 25 ms for DynamoDB's 5xx and timeouts, 1 s for throttling;
- so three timed-out attempts cost at most 3 × 1.5 s + 25 ms + 50 ms ≈ 4.6 s, and three throttled
  ones (answered in milliseconds) at most 1 s + 2 s of backoff ≈ 3.1 s. Throttled twice, then
  timed out: about 1 s + 2 s + 1.5 s = 4.5 s. The bound no mix can pass, every attempt at its
  full timeout *and* throttling backoff, is 3 × 1.5 s + 3 s = 7.5 s.

(1 s connect + 2 s read would allow 3 s per attempt: 9 s over three attempts, and 12 s with
``retries={"max_attempts": 3}``, which botocore counts as retries after the first attempt.)

Healthy DynamoDB answers in milliseconds, so 1 s is two orders of magnitude above normal latency
while a hung connection is dropped and retried instead of eating the turn. A turn makes at most
one load and the writes up to the first failure (the skill stops writing on ``StoreUnavailable``).
"""


def make_client(region: str | None = None, *, endpoint_url: str | None = None) -> DynamoDBClient:
    """A DynamoDB client with ``CLIENT_CONFIG``; ``endpoint_url`` for DynamoDB Local."""
    from skill.store.aws_session import dynamodb_client

    return dynamodb_client(region, endpoint_url, CLIENT_CONFIG)


def create_table(client: DynamoDBClient, name: str) -> None:
    """Create the table as the SAM template does (for tests and local use); idempotent."""
    try:
        client.create_table(
            TableName=name,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceInUseException":
            raise
    client.get_waiter("table_exists").wait(TableName=name)
    ttl = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
        client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )


# -- keys -------------------------------------------------------------------------------------

TTL_ATTRIBUTE = "expires_at"
ACTIVE_TTL = timedelta(days=14)
"""An active workout not saved again for this long is abandoned; DynamoDB deletes it."""

PROFILE_SK = "~PROFILE"
ACTIVE_SK = "~ACTIVE"
STORED = "stored"
"""On the active workout's item: the keys of the sets ``log_set`` stored together with it (a
string set), so the workout's end knows they need no write."""
DELETING_SK = "~DELETING"
"""The marker of a deletion under way; in the ``~`` region, so ``load_user`` always reads it."""
TIMED = "W"
"""Sort-key region of sessions whose id starts with their UTC start time."""
OTHER = "X"
"""Sort-key region of any other session id; above ``W`` so a newest-first read takes it whole."""

ITEMS_PER_SESSION = 12
"""Query page size per wanted session: its item plus up to 10 sets, and one to spare."""

TRANSACTION_MAX = 100
BATCH_MAX = 25

DELETE_BUDGET_S = 3.0
"""How long ``delete_user`` goes on starting rounds. Alexa waits 8 s for a whole turn, and the
turn may have loaded the user first; a call already started may still run to its own bound
(``CLIENT_CONFIG``), so this is when to stop starting, not a hard end."""
DELETE_ROUNDS = 5
"""Query-and-delete rounds per ``delete_user`` call; the last one that finds nothing is the
proof that nothing is left."""
DELETE_BACKOFF_S = 0.05
"""Pause before a round after one that left items behind, doubling each time."""

NOT_FINISHED = "NOT (#status = :finished OR contains(#data, :finished_json))"
"""The condition on every write to a session item: a finished session is immutable. Items
written before ``status`` sat beside the data are recognised by their JSON."""
NOT_FINISHED_NAMES = {"#status": "status", "#data": "data"}
NOT_FINISHED_VALUES: dict[str, AttributeValueTypeDef] = {
    ":finished": {"S": SessionStatus.FINISHED.value},
    ":finished_json": {"S": f'"status":"{SessionStatus.FINISHED.value}"'},
}

NOT_REWOUND = (
    "attribute_not_exists(#sk) OR attribute_not_exists(#p) OR attribute_not_exists(#st)"
    " OR #exp <= :now OR (#w = :w AND #p <= :p) OR (#w <> :w AND #st <= :st)"
)
"""The condition on saving the active workout (``protocol.rewinds``): a stale device or a
replayed request never rewinds it to an older workout, or to this one less far along. Items
from before ``progress`` was kept, and expired ones, are replaced."""

START_SLACK = timedelta(hours=1)
"""How much later than its id's time a ``W#`` session may have started and still be found by a
read that stops early. Ids made by the skill carry the start itself (to the second); a session
opened by ``log_set`` alone starts at its first set, usually minutes after the id was made."""


def _escape(workout_id: str) -> str:
    """``#`` separates key parts, so it may not appear inside one."""
    return workout_id.replace("%", "%25").replace("#", "%23")


def session_sk(workout_id: str) -> str:
    region = TIMED if id_time(workout_id) is not None else OTHER
    return f"{region}#{_escape(workout_id)}"


def set_sk(workout_id: str, set_key: str) -> str:
    return f"{session_sk(workout_id)}#S#{_escape(set_key)}"


def _sk_time(sk: str) -> datetime | None:
    """The id time of a ``W#`` key (session or set), else None."""
    if not sk.startswith(TIMED + "#"):
        return None
    return id_time(sk[len(TIMED) + 1 :])


def _pk(user_id: str) -> str:
    return f"USER#{user_id}"


# -- attribute values -------------------------------------------------------------------------

Item = dict[str, "AttributeValueTypeDef"]
_M = TypeVar("_M", bound=BaseModel)


def _s(value: str) -> AttributeValueTypeDef:
    return {"S": value}


def _str(item: Mapping[str, AttributeValueTypeDef], name: str) -> str | None:
    value = item.get(name)
    return value.get("S") if value is not None else None


def _num(item: Mapping[str, AttributeValueTypeDef], name: str) -> float | None:
    value = item.get(name)
    raw = value.get("N") if value is not None else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _parse(model: type[_M], item: Mapping[str, AttributeValueTypeDef], what: str) -> _M | None:
    return parse(model, _str(item, "data"), f"{what} item")


@contextmanager
def _unavailable(operation: str) -> Iterator[None]:
    """Every botocore failure becomes ``StoreUnavailable``, the original chained."""
    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "unknown")
        raise StoreUnavailable(f"DynamoDB {operation} failed: {code}") from exc
    except BotoCoreError as exc:
        raise StoreUnavailable(f"DynamoDB {operation} failed: {exc}") from exc


# -- reading ----------------------------------------------------------------------------------


@dataclass
class _Collected:
    """Items of one user's partition as a Query pages through them (newest first)."""

    now: float
    profile: Profile | None = None
    active: WorkoutState | None = None
    sessions: dict[str, SessionRecord] = field(default_factory=dict)
    sets: dict[str, list[SetRecord]] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    deleting: bool = False

    def add(self, item: Mapping[str, AttributeValueTypeDef]) -> None:
        sk = _str(item, "sk") or ""
        if sk == DELETING_SK:
            self.deleting = True
        elif sk == PROFILE_SK:
            self.profile, changed = read(Profile, _str(item, "data"), "profile item", lenient=True)
            if changed:
                self.set_aside.append(SetAside(what="profile"))
        elif sk == ACTIVE_SK:
            expires = _num(item, TTL_ATTRIBUTE)
            if expires is not None and expires <= self.now:
                return  # expired, not yet deleted by DynamoDB
            self.active = _parse(WorkoutState, item, "active workout")
            if self.active is None:
                found = SetAside(what="active", workout_id=_str(item, "workout_id"))
                self.set_aside.append(found)
        elif sk[:2] in (f"{TIMED}#", f"{OTHER}#"):
            workout_id = _str(item, "workout_id")
            if workout_id is None:
                return
            if "#S#" in sk:
                record = _parse(SetRecord, item, "set")
                if record is not None:
                    self.sets.setdefault(workout_id, []).append(record)
            else:
                session = _parse(SessionRecord, item, "session")
                if session is not None:
                    self.sessions[workout_id] = session

    def ordered(self) -> list[SessionRecord]:
        """Sessions read so far, newest first (start instant, then id, as SQLite orders them)."""
        return sorted(
            self.sessions.values(), key=lambda s: (s.started_at, s.workout_id), reverse=True
        )

    def enough(self, want: int, next_sk: str) -> bool:
        """Whether no session still unread (all keys below ``next_sk``) can be among the ``want``
        newest. ``X#`` and ``~`` keys come first and are always read whole."""
        boundary = _sk_time(next_sk)
        if boundary is None:
            return False
        done = self.ordered()
        return len(done) >= want and boundary + timedelta(seconds=1) + START_SLACK <= (
            done[want - 1].started_at
        )

    def result(self, sessions: list[SessionRecord]) -> list[SessionRecord]:
        """The sessions with their sets attached, in logging order (time, then key)."""
        out = []
        for session in sessions:
            records = self.sets.get(session.workout_id, [])
            records.sort(key=lambda r: (r.logged_at, r.storage_key))
            out.append(session.model_copy(update={"sets": records}))
        return out


class DynamoDBStore(Closing):
    """``Store`` on one DynamoDB table (see the module docstring for its layout)."""

    def __init__(
        self,
        table_name: str,
        client: DynamoDBClient | None = None,
        *,
        clock: Clock = utc_now,
    ) -> None:
        """``client`` defaults to ``make_client()``; ``clock`` (for TTLs) to the wall clock."""
        self.table_name = table_name
        self._owns_client = client is None
        self._client: DynamoDBClient = client if client is not None else make_client()
        self._clock = clock
        self.delete_budget_s = DELETE_BUDGET_S
        """Per ``delete_user`` call (``DELETE_BUDGET_S``); tests shorten it."""

    # -- Store ---------------------------------------------------------------------------------

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        """One Query: profile, active workout and the ``recent`` newest sessions with sets."""
        if recent <= 0:
            got = self._read(
                user_id, "#pk = :pk AND begins_with(#sk, :tilde)", {":tilde": _s("~")}, None
            )
            return UserData(
                profile=got.profile,
                active=got.active,
                set_aside=got.set_aside,
                deletion_pending=got.deleting,
            )
        got = self._read(user_id, "#pk = :pk", {}, recent)
        return UserData(
            profile=got.profile,
            active=got.active,
            recent_sessions=got.result(got.ordered()[:recent]),
            set_aside=got.set_aside,
            deletion_pending=got.deleting,
        )

    def save_profile(self, user_id: str, profile: Profile) -> None:
        with _unavailable("PutItem"):
            self._client.put_item(
                TableName=self.table_name, Item=self._profile_item(user_id, profile)
            )

    def _profile_item(self, user_id: str, profile: Profile) -> Item:
        return {
            "pk": _s(_pk(user_id)),
            "sk": _s(PROFILE_SK),
            "data": _s(profile.model_dump_json()),
        }

    def save_active(
        self, user_id: str, workout: WorkoutState, profile: Profile | None = None
    ) -> None:
        """One transaction: the active workout (TTL renewed) and its session item, (re)marked
        active, so resuming a workout ended as partial reopens it. Both only if the session is
        not finished: a finished session is immutable, and its active pointer stays gone.

        With ``profile`` (the first workout, planned as setup ends), the profile too, in the
        same transaction; if a condition cancels it, the profile is saved alone, then as above.

        Mid-workout (sets logged), first one UpdateItem of the active workout, only while it is
        this workout, not further along and not expired (``_advance``): that proves its session
        is there and active, so the session item is not written."""
        if workout.logged and profile is None:
            # Mid-workout (a stop, a closed session): the pointer is most likely this workout
            # already, which also proves its session is there and not finished. One write.
            try:
                with _unavailable("UpdateItem"):
                    self._client.update_item(**self._advance(user_id, workout))
                return
            except StoreUnavailable as exc:
                if not _condition_failed(exc):
                    raise
        session = workout.as_session()
        self._check_id_time(session)
        active = self._active_item(user_id, workout)
        not_rewound: PutTypeDef = {
            "TableName": self.table_name,
            "Item": active,
            "ConditionExpression": NOT_REWOUND,
            "ExpressionAttributeNames": {
                "#sk": "sk",
                "#w": "workout_id",
                "#p": "progress",
                "#st": "started_at",
                "#exp": TTL_ATTRIBUTE,
            },
            "ExpressionAttributeValues": {
                ":w": active["workout_id"],
                ":p": active["progress"],
                ":st": active["started_at"],
                ":now": {"N": str(int(self._clock().timestamp()))},
            },
        }
        actions: list[TransactWriteItemTypeDef] = [
            {"Put": not_rewound},
            {"Put": self._unless_finished(self._session_item(user_id, session))},
        ]
        if profile is not None:
            actions.append(
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": self._profile_item(user_id, profile),
                    }
                }
            )
        reasons = self._transact(actions)
        if reasons is None:
            return
        if profile is not None:
            if any(r not in ("None", "ConditionalCheckFailed") for r in reasons):
                raise StoreUnavailable(f"DynamoDB save_active cancelled: {reasons}")
            self.save_profile(user_id, profile)
            self.save_active(user_id, workout)
            return
        if reasons[1] == "ConditionalCheckFailed" and reasons[0] in ("None", reasons[1]):
            logger.info("not reopening finished workout %s", workout.workout_id)
            return
        if reasons[0] == "ConditionalCheckFailed" and _only_none(reasons[1:]):
            # A newer workout, or this one further along, is the active one: keep it, and make
            # sure this workout's session exists without changing one that does.
            logger.info("not rewinding the active workout to %s", workout.workout_id)
            with _unavailable("UpdateItem"):
                self._client.update_item(
                    **self._put_if_absent(self._session_item(user_id, session))
                )
            return
        raise StoreUnavailable(f"DynamoDB save_active cancelled: {reasons}")

    def log_set(self, user_id: str, record: SetRecord, active: WorkoutState | None = None) -> bool:
        """With ``active`` (the workout after this set), one transaction: the set, only if its
        key is new, and the active workout moved on (``_advance``): only while it is this
        workout, not further along and not expired, which also proves its session is not
        finished, so the session item is not touched. Anything else (a retry, another device's
        workout, an expired or missing pointer) is done as ``log_set`` then ``save_active``.

        Without ``active``: one transaction, the set and its session if it has none (a
        placeholder starting at this set, as in SQLite). False if the set was there; raises
        ``SessionFinished`` if it was not and the session is finished (immutable)."""
        if active is None or active.workout_id != record.workout_id:
            stored = self._log_set(user_id, record)
            if active is not None:
                self.save_active(user_id, active)
            return stored
        reasons = self._transact(
            [
                {"Put": self._new_set(user_id, record)},
                {"Update": self._advance(user_id, active, record)},
            ]
        )
        if reasons is None:
            return True
        if any(r not in ("None", "ConditionalCheckFailed") for r in reasons):
            raise StoreUnavailable(f"DynamoDB log_set cancelled: {reasons}")
        stored = self._log_set(user_id, record)
        self.save_active(user_id, active)
        return stored

    def _log_set(self, user_id: str, record: SetRecord) -> bool:
        placeholder = SessionRecord(workout_id=record.workout_id, started_at=record.logged_at)
        actions: list[TransactWriteItemTypeDef] = [
            {"Put": self._new_set(user_id, record)},
            {
                "Update": self._put_if_absent(
                    self._session_item(user_id, placeholder), unless_finished=True
                )
            },
        ]
        reasons = self._transact(actions)
        if reasons is None:
            return True
        if reasons[0] == "ConditionalCheckFailed" and reasons[1] in ("None", reasons[0]):
            return False
        if reasons[1] == "ConditionalCheckFailed" and reasons[0] == "None":
            logger.info("not adding set %s to finished workout", record.key)
            raise SessionFinished(record.workout_id)
        raise StoreUnavailable(f"DynamoDB log_set cancelled: {reasons}")

    def end_session(
        self, user_id: str, session: SessionRecord, last: SetRecord | None = None
    ) -> None:
        """With ``last`` (the set that ended the workout), first one transaction: that set, only
        if new, the session item, and the active workout dropped only while it is this workout
        and lists every other carried set as stored (``log_set`` with the active workout adds
        each set it stores): so no carried set is written again. Anything else is done as
        ``log_set`` of ``last`` (``SessionFinished`` raised after the end is stored), then the
        end as below.

        Without ``last``, one transaction: the session item, each carried set not stored yet (an
        existing set is never overwritten), and the active workout dropped if it is this one. If
        the active workout is another one, the transaction is cancelled and re-run without the
        delete. If the session is already finished, it stays exactly as it is (only a pointer to
        it as the active workout is dropped)."""
        check_one_workout(session, last)
        self._check_id_time(session)
        if last is not None:
            if self._end_with(user_id, session, last):
                return
            log_then_end(
                lambda: self._log_set(user_id, last), lambda: self.end_session(user_id, session)
            )
            return
        unique: dict[str, SetRecord] = {}
        for record in session.sets:
            unique.setdefault(record.storage_key, record)  # the first wins, as INSERT OR IGNORE
        set_actions: list[TransactWriteItemTypeDef] = [
            {"Update": self._put_if_absent(self._set_item(user_id, record))}
            for record in unique.values()
        ]
        head: list[TransactWriteItemTypeDef] = [
            {"Put": self._unless_finished(self._session_item(user_id, session))},
            {"Delete": self._drop_active_if(user_id, session.workout_id)},
        ]
        first = TRANSACTION_MAX - len(head)
        actions = head + set_actions[:first]
        reasons = self._transact(actions)
        if reasons is not None and reasons[0] == "ConditionalCheckFailed":
            logger.info("session %s is finished already: left as it is", session.workout_id)
            with _unavailable("DeleteItem"):
                try:
                    self._client.delete_item(**self._drop_active_if(user_id, session.workout_id))
                except ClientError as exc:
                    code = exc.response.get("Error", {}).get("Code")
                    if code != "ConditionalCheckFailedException":
                        raise
            return
        if reasons is not None:
            if reasons[1] != "ConditionalCheckFailed" or not _only_none(reasons[:1] + reasons[2:]):
                raise StoreUnavailable(f"DynamoDB end_session cancelled: {reasons}")
            # Another workout is active now: keep it.
            del actions[1]
            reasons = self._transact(actions)
            if reasons is not None:
                raise StoreUnavailable(f"DynamoDB end_session cancelled: {reasons}")
        for start in range(first, len(set_actions), TRANSACTION_MAX):
            reasons = self._transact(set_actions[start : start + TRANSACTION_MAX])
            if reasons is not None:
                raise StoreUnavailable(f"DynamoDB end_session cancelled: {reasons}")

    def _end_with(self, user_id: str, session: SessionRecord, last: SetRecord) -> bool:
        """The one-transaction end of ``end_session`` with ``last``; False when cancelled by a
        condition (nothing was written)."""
        others = sorted({r.storage_key for r in session.sets} - {last.storage_key})
        keys = {f":k{i}": _s(key) for i, key in enumerate(others)}
        condition = " AND ".join(["#w = :w", *(f"contains(#stored, {k})" for k in keys)])
        drop: DeleteTypeDef = {
            "TableName": self.table_name,
            "Key": {"pk": _s(_pk(user_id)), "sk": _s(ACTIVE_SK)},
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {
                "#w": "workout_id",
                **({"#stored": STORED} if keys else {}),
            },
            "ExpressionAttributeValues": {":w": _s(session.workout_id), **keys},
        }
        if len(keys) + 3 > TRANSACTION_MAX:
            return False
        reasons = self._transact(
            [
                {"Put": self._new_set(user_id, last)},
                {"Put": self._unless_finished(self._session_item(user_id, session))},
                {"Delete": drop},
            ]
        )
        if reasons is None:
            return True
        if any(r not in ("None", "ConditionalCheckFailed") for r in reasons):
            raise StoreUnavailable(f"DynamoDB end_session cancelled: {reasons}")
        return False

    def close_sessions(self, user_id: str, sessions: list[SessionRecord]) -> None:
        """One transaction: each session item replaced by its closed record only while it is
        still active, and a check that the active workout (unless expired) is none of them. If
        another device changed one meanwhile, the others are closed in a second transaction;
        if one became the active workout, none is (the next launch looks again)."""
        if not sessions:
            return
        sessions = sessions[: TRANSACTION_MAX - 1]
        ids = {f":w{i}": _s(s.workout_id) for i, s in enumerate(sessions)}
        check: TransactWriteItemTypeDef = {
            "ConditionCheck": {
                "TableName": self.table_name,
                "Key": {"pk": _s(_pk(user_id)), "sk": _s(ACTIVE_SK)},
                "ConditionExpression": (
                    f"attribute_not_exists(#sk) OR #exp <= :now OR NOT (#w IN ({', '.join(ids)}))"
                ),
                "ExpressionAttributeNames": {
                    "#sk": "sk",
                    "#w": "workout_id",
                    "#exp": TTL_ATTRIBUTE,
                },
                "ExpressionAttributeValues": {
                    **ids,
                    ":now": {"N": str(int(self._clock().timestamp()))},
                },
            }
        }
        closing: list[TransactWriteItemTypeDef] = [
            {"Put": self._if_active(self._session_item(user_id, s))} for s in sessions
        ]
        for _ in range(2):
            reasons = self._transact([*closing, check])
            if reasons is None:
                return
            if any(r not in ("None", "ConditionalCheckFailed") for r in reasons):
                raise StoreUnavailable(f"DynamoDB close_sessions cancelled: {reasons}")
            if reasons[-1] != "None":
                logger.info("an orphaned session is the active workout now: left open")
                return
            closing = [c for c, r in zip(closing, reasons, strict=False) if r == "None"]
            if not closing:
                return
        logger.info("orphaned sessions changed twice meanwhile: left for the next launch")

    def delete_user(self, user_id: str) -> bool:
        """The marker first (``DELETING_SK``), then rounds of a Query for every key left and
        its deletes. A batch that fails or leaves items unprocessed goes to the next round, after
        a backoff; a round whose Query finds nothing is the proof, and the marker goes. Bounded
        by ``DELETE_ROUNDS`` and ``DELETE_BUDGET_S``: past either, the marker stays (False)."""
        deadline = time.monotonic() + self.delete_budget_s
        marker = {"pk": _s(_pk(user_id)), "sk": _s(DELETING_SK)}
        with _unavailable("PutItem"):
            self._client.put_item(
                TableName=self.table_name,
                Item={**marker, "requested_at": _s(timestamp(self._clock()))},
            )
        pause = 0.0
        for _ in range(DELETE_ROUNDS):
            if pause:
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            try:
                found, left = self._delete_round(user_id, deadline)
            except StoreUnavailable:
                logger.warning("deletion round failed", exc_info=True)
                found = left = -1
            if found == 0:
                try:
                    with _unavailable("DeleteItem"):
                        self._client.delete_item(TableName=self.table_name, Key=marker)
                except StoreUnavailable:
                    logger.warning("deletion done but its marker stays", exc_info=True)
                    return False
                return True
            pause = 0.0 if left == 0 else max(pause * 2, DELETE_BACKOFF_S)
            if time.monotonic() >= deadline:
                break
        logger.warning("deletion cut short; its marker stays for the next request")
        return False

    # -- inspection (not in the Store protocol: the skill reads through load_user) -------------

    def recent_sessions(self, user_id: str, limit: int = 10) -> list[SessionRecord]:
        """Newest first, each with its sets in logging order."""
        if limit <= 0:
            return []
        got = self._read(user_id, "#pk = :pk AND #sk < :tilde", {":tilde": _s("~")}, limit)
        return got.result(got.ordered()[:limit])

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the client if this store made it; an injected client stays open."""
        if self._owns_client:
            self._client.close()

    # -- helpers -------------------------------------------------------------------------------

    def _read(
        self,
        user_id: str,
        key_condition: str,
        values: dict[str, AttributeValueTypeDef],
        want: int | None,
    ) -> _Collected:
        """Newest first; with ``want``, pages of about ``want`` sessions' items and no further
        page once the ``want`` newest sessions are certainly read. Without, every page."""
        got = _Collected(now=self._clock().timestamp())
        limit = None if want is None else 2 + want * ITEMS_PER_SESSION
        for item, next_sk in self._pages(user_id, key_condition, values, limit=limit):
            if item is not None:
                got.add(item)
            elif want is not None and got.enough(want, next_sk):
                break
        return got

    def _pages(
        self,
        user_id: str,
        key_condition: str,
        values: dict[str, AttributeValueTypeDef],
        *,
        limit: int | None = None,
        projection: str | None = None,
    ) -> Iterator[tuple[Item | None, str]]:
        """Items newest first; between pages, ``(None, sk of the last key read)`` so the caller
        can stop before the next request."""
        # DynamoDB rejects placeholders that no expression uses.
        used = " ".join(e for e in (key_condition, projection) if e)
        all_names = {"#pk": "pk", "#sk": "sk"}
        params: QueryInputTypeDef = {
            "TableName": self.table_name,
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeNames": {k: v for k, v in all_names.items() if _uses(used, k)},
            "ExpressionAttributeValues": {
                k: v for k, v in {":pk": _s(_pk(user_id)), **values}.items() if _uses(used, k)
            },
            "ScanIndexForward": False,
            "ConsistentRead": True,
        }
        if limit is not None:
            params["Limit"] = limit
        if projection is not None:
            params["ProjectionExpression"] = projection
        while True:
            with _unavailable("Query"):
                page = self._client.query(**params)
            for item in page.get("Items", []):
                yield item, ""
            last = page.get("LastEvaluatedKey")
            if not last:
                return
            yield None, _str(last, "sk") or ""
            params["ExclusiveStartKey"] = last

    def _transact(self, actions: list[TransactWriteItemTypeDef]) -> list[str] | None:
        """None when the transaction committed, else each action's cancellation reason code
        ("None" for the actions that were fine). Any other failure is ``StoreUnavailable``.

        The client request token makes a botocore retry of a commit whose answer was lost
        succeed instead of failing its own condition (DynamoDB keeps tokens for 10 minutes)."""
        with _unavailable("TransactWriteItems"):
            try:
                self._client.transact_write_items(
                    TransactItems=actions, ClientRequestToken=uuid.uuid4().hex
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                    raise
                reasons = [
                    r.get("Code") or "None" for r in exc.response.get("CancellationReasons", [])
                ]
                if len(reasons) != len(actions):
                    raise
                return reasons
        return None

    def _delete_round(self, user_id: str, deadline: float) -> tuple[int, int]:
        """One Query for the user's keys (the marker aside) and their deletes, 25 a batch: how
        many keys were found, and how many of them were not confirmed deleted (a batch that
        failed, items left unprocessed, batches not sent once ``deadline`` passed)."""
        keys: list[Item] = [
            {"pk": item["pk"], "sk": item["sk"]}
            for item, _ in self._pages(user_id, "#pk = :pk", {}, projection="#pk, #sk")
            if item is not None and _str(item, "sk") != DELETING_SK
        ]
        left = 0
        for start in range(0, len(keys), BATCH_MAX):
            batch = keys[start : start + BATCH_MAX]
            if time.monotonic() >= deadline:
                left += len(keys) - start
                break
            requests: list[WriteRequestTypeDef] = [{"DeleteRequest": {"Key": k}} for k in batch]
            try:
                with _unavailable("BatchWriteItem"):
                    out = self._client.batch_write_item(RequestItems={self.table_name: requests})
            except StoreUnavailable:
                logger.warning("a delete batch failed; retried next round", exc_info=True)
                left += len(batch)
                continue
            left += len(out.get("UnprocessedItems", {}).get(self.table_name, []))
        return len(keys), left

    def _if_active(self, item: Item) -> PutTypeDef:
        """A Put of a session item that fails its condition unless that session is still
        active (items from before ``status`` sat beside the data: by their JSON)."""
        return {
            "TableName": self.table_name,
            "Item": item,
            "ConditionExpression": (
                "#status = :active OR (attribute_not_exists(#status) AND contains(#data, :json))"
            ),
            "ExpressionAttributeNames": {"#status": "status", "#data": "data"},
            "ExpressionAttributeValues": {
                ":active": _s(SessionStatus.ACTIVE.value),
                ":json": _s(f'"status":"{SessionStatus.ACTIVE.value}"'),
            },
        }

    def _session_item(self, user_id: str, session: SessionRecord) -> Item:
        """Sets live in their own items; they are never copied into the session item. ``status``
        beside the data, so a condition can keep a finished session as it is."""
        return {
            "pk": _s(_pk(user_id)),
            "sk": _s(session_sk(session.workout_id)),
            "workout_id": _s(session.workout_id),
            "started_at": _s(timestamp(session.started_at)),
            "status": _s(session.status.value),
            "data": _s(_slim(session, exclude={"sets"})),
        }

    def _unless_finished(self, item: Item) -> PutTypeDef:
        """A Put of a session item that fails its condition where that session is finished."""
        return {
            "TableName": self.table_name,
            "Item": item,
            "ConditionExpression": NOT_FINISHED,
            "ExpressionAttributeNames": dict(NOT_FINISHED_NAMES),
            "ExpressionAttributeValues": dict(NOT_FINISHED_VALUES),
        }

    def _drop_active_if(self, user_id: str, workout_id: str) -> DeleteTypeDef:
        """Delete the active workout if it is this one (a missing one is fine too)."""
        return {
            "TableName": self.table_name,
            "Key": {"pk": _s(_pk(user_id)), "sk": _s(ACTIVE_SK)},
            "ConditionExpression": "attribute_not_exists(#sk) OR #w = :w",
            "ExpressionAttributeNames": {"#sk": "sk", "#w": "workout_id"},
            "ExpressionAttributeValues": {":w": _s(workout_id)},
        }

    def _new_set(self, user_id: str, record: SetRecord) -> PutTypeDef:
        """A Put of the set that fails its condition where that set (its key) is stored."""
        return {
            "TableName": self.table_name,
            "Item": self._set_item(user_id, record),
            "ConditionExpression": "attribute_not_exists(#sk)",
            "ExpressionAttributeNames": {"#sk": "sk"},
        }

    def _active_item(self, user_id: str, workout: WorkoutState) -> Item:
        expires = int((self._clock() + ACTIVE_TTL).timestamp())
        return {
            "pk": _s(_pk(user_id)),
            "sk": _s(ACTIVE_SK),
            "workout_id": _s(workout.workout_id),
            "started_at": _s(timestamp(workout.started_at)),
            "progress": _s(progress(workout)),
            "data": _s(_slim(workout)),
            TTL_ATTRIBUTE: {"N": str(expires)},
        }

    def _advance(
        self, user_id: str, workout: WorkoutState, record: SetRecord | None = None
    ) -> UpdateTypeDef:
        """An Update of the active workout to ``workout`` (TTL renewed) that fails its
        condition unless the active workout is this one, not further along and not expired;
        with ``record``, its key is added to the sets stored (``STORED``)."""
        item = self._active_item(user_id, workout)
        update = "SET #data = :data, #p = :p, #exp = :exp"
        values: dict[str, AttributeValueTypeDef] = {
            ":w": item["workout_id"],
            ":data": item["data"],
            ":p": item["progress"],
            ":exp": item[TTL_ATTRIBUTE],
            ":now": {"N": str(int(self._clock().timestamp()))},
        }
        names = {"#w": "workout_id", "#data": "data", "#p": "progress", "#exp": TTL_ATTRIBUTE}
        if record is not None:
            update += " ADD #stored :key"
            names["#stored"] = STORED
            values[":key"] = {"SS": [record.storage_key]}
        return {
            "TableName": self.table_name,
            "Key": {"pk": item["pk"], "sk": item["sk"]},
            "UpdateExpression": update,
            "ConditionExpression": "#w = :w AND #p <= :p AND #exp > :now",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }

    def _set_item(self, user_id: str, record: SetRecord) -> Item:
        return {
            "pk": _s(_pk(user_id)),
            "sk": _s(set_sk(record.workout_id, record.storage_key)),
            "workout_id": _s(record.workout_id),
            "exercise_id": _s(record.exercise_id),
            "logged_at": _s(timestamp(record.logged_at)),
            "data": _s(record.model_dump_json()),
        }

    def _put_if_absent(self, item: Item, *, unless_finished: bool = False) -> UpdateTypeDef:
        """An Update that writes ``item`` only where it does not exist yet: it never overwrites
        and never fails, so it can sit in a transaction next to other writes. With
        ``unless_finished`` (a session item) it fails where that session is finished."""
        attributes = [name for name in item if name not in ("pk", "sk")]
        names = {f"#a{i}": name for i, name in enumerate(attributes)}
        values = {f":a{i}": item[name] for i, name in enumerate(attributes)}
        update: UpdateTypeDef = {
            "TableName": self.table_name,
            "Key": {"pk": item["pk"], "sk": item["sk"]},
            "UpdateExpression": "SET "
            + ", ".join(f"#a{i} = if_not_exists(#a{i}, :a{i})" for i in range(len(attributes))),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        if unless_finished:
            update["ConditionExpression"] = NOT_FINISHED
            update["ExpressionAttributeNames"] = {**names, **NOT_FINISHED_NAMES}
            update["ExpressionAttributeValues"] = {**values, **NOT_FINISHED_VALUES}
        return update

    @staticmethod
    def _check_id_time(session: SessionRecord) -> None:
        """Reads that stop early trust a ``W#`` id's time to be about its session's start."""
        made = id_time(session.workout_id)
        if made is not None and session.started_at >= made + timedelta(seconds=1) + START_SLACK:
            logger.warning(
                "Session %s started at %s, long after its id's time: recent-session reads may "
                "order it by the id",
                session.workout_id,
                timestamp(session.started_at),
            )


def _uses(expression: str, placeholder: str) -> bool:
    return re.search(re.escape(placeholder) + r"(?![A-Za-z0-9_])", expression) is not None


def _slim(model: BaseModel, exclude: set[str] | None = None) -> str:
    """A model's JSON without the fields that hold their defaults (about half of a workout's):
    reading it back gives the same model, and every write unit is per KB."""
    return model.model_dump_json(exclude=exclude, exclude_defaults=True)


def _condition_failed(exc: StoreUnavailable) -> bool:
    cause = exc.__cause__
    return (
        isinstance(cause, ClientError)
        and cause.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"
    )


def _only_none(reasons: Sequence[str]) -> bool:
    return all(reason == "None" for reason in reasons)
