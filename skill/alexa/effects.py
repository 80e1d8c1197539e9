"""Carrying out the conversation's storage effects, keeping what the store could not take, and
deciding which of the kept writes may be replayed when they come back in session attributes."""

from __future__ import annotations

import logging
from collections import Counter

from skill.core import conversation as dialog
from skill.core.catalog import Catalog
from skill.core.history import SetRecord
from skill.core.rules import MAX_SETS_PER_SESSION
from skill.core.workout import WorkoutState
from skill.store.errors import StoreUnavailable
from skill.store.protocol import SessionFinished, Store

log = logging.getLogger(__name__)


def _apply(store: Store, user_id: str, effect: dialog.Effect, refused: list[SetRecord]) -> None:
    if isinstance(effect, dialog.SaveProfile):
        store.save_profile(user_id, effect.profile)
    elif isinstance(effect, dialog.SaveActive):
        store.save_active(user_id, effect.workout)
    elif isinstance(effect, dialog.LogSet):
        try:
            if not store.log_set(user_id, effect.record):
                log.info("set %s was stored already (a retried request)", effect.record.key)
        except SessionFinished:
            log.info("set %s refused: its workout is finished", effect.record.key)
            refused.append(effect.record)
    elif isinstance(effect, dialog.EndSession):
        store.end_session(user_id, effect.session)
    elif isinstance(effect, dialog.DeleteUser) and not store.delete_user(user_id):
        # Some is left (the store keeps its marker): not done, so not dropped as done.
        raise StoreUnavailable("deletion under way")


def apply_effects(
    store: Store,
    user_id: str,
    effects: list[dialog.Effect],
    refused: list[SetRecord] | None = None,
) -> list[dialog.Effect]:
    """Apply in order; return what could not be stored (from the first failure on). Sets the
    store refused because their workout is finished (another device finished it) are added to
    ``refused``: they are not stored, and the person must be told.

    A profile followed by an active save (setup ends, the first workout starts) is one store
    call (``save_active`` with the profile). A set followed by its workout's active save is one
    store call (``log_set`` with the workout), and followed by that workout's end too, one call
    again (``end_session`` with the set: the active save is moot once the workout ends). Each
    call stores all of its effects or none, so a failure keeps them all, in order.

    Every write is idempotent (sets are keyed by position and report, the rest are upserts, a
    finished session never changes), so retrying the leftovers later never double-counts.
    """
    kept = refused if refused is not None else []
    i = 0
    while i < len(effects):
        try:
            taken = _apply_group(store, user_id, effects, i, kept)
        except StoreUnavailable:
            log.exception("storage failed; keeping %d writes for a later turn", len(effects) - i)
            return compact(effects[i:])
        i += taken
    return []


def _apply_group(
    store: Store, user_id: str, effects: list[dialog.Effect], i: int, refused: list[SetRecord]
) -> int:
    """Apply ``effects[i]``, with the one or two after it when they go in the same call (see
    ``apply_effects``); how many were applied."""
    effect = effects[i]
    following = effects[i + 1 : i + 3]
    if isinstance(effect, dialog.SaveProfile) and following:
        plan = following[0]
        if isinstance(plan, dialog.SaveActive):
            store.save_active(user_id, plan.workout, effect.profile)
            return 2
    if not isinstance(effect, dialog.LogSet) or not following:
        _apply(store, user_id, effect, refused)
        return 1
    record = effect.record
    save = following[0]
    if not isinstance(save, dialog.SaveActive) or save.workout.workout_id != record.workout_id:
        _apply(store, user_id, effect, refused)
        return 1
    end = following[1] if len(following) > 1 else None
    if not (
        isinstance(end, dialog.EndSession)
        and end.session.workout_id == record.workout_id
        and any(s.storage_key == record.storage_key for s in end.session.sets)
    ):
        end = None
    try:
        if end is not None:
            store.end_session(user_id, end.session, record)
        elif not store.log_set(user_id, record, save.workout):
            log.info("set %s was stored already (a retried request)", record.key)
    except SessionFinished:
        log.info("set %s refused: its workout is finished", record.key)
        refused.append(record)
    return 3 if end is not None else 2


def compact(effects: list[dialog.Effect]) -> list[dialog.Effect]:
    """Only the newest profile and active workout matter; every set and session end is kept."""
    latest: dict[str, int] = {}
    for i, effect in enumerate(effects):
        if effect.kind in ("profile", "active"):
            latest[effect.kind] = i
    return [
        e
        for i, e in enumerate(effects)
        if e.kind not in ("profile", "active") or latest[e.kind] == i
    ]


# --- what may come back from session attributes ------------------------------------------------

MAX_SETS_PER_WORKOUT = MAX_SETS_PER_SESSION + 2
"""The sets one workout can hold: the guide's cap per session, and one easier variation's set
after each of the two pains a workout allows (``workout._regress`` inserts at least one)."""
MAX_PENDING = MAX_SETS_PER_WORKOUT + 3
"""One workout's sets, its active save and a profile save (``compact`` keeps one of each), and
its session end."""
MAX_PENDING_BYTES = 16 * 1024
"""Legitimate pending writes are a few KB (a set is about 300 bytes); Alexa caps the whole
response, attributes included, at 24 KB."""


def unknown_exercises(workout: WorkoutState, catalog: Catalog) -> list[str]:
    """Exercise ids a workout names that this release's catalog does not have (renamed or
    removed since it was saved): coaching it would fail on the first lookup."""
    named = [
        *(p.exercise_id for p in workout.plan),
        *(p.replaced for p in workout.plan if p.replaced),
        *(r.exercise_id for r in workout.logged),
        *workout.skipped,
        *workout.pain,
        *([workout.pain_offer] if workout.pain_offer else []),
    ]
    return sorted({i for i in named if i not in catalog})


def replayable(
    effects: list[dialog.Effect], conv: dialog.Conversation, catalog: Catalog
) -> list[dialog.Effect]:
    """The pending writes from session attributes that may be re-applied; the rest is dropped and
    logged. Alexa returns our own attributes, so this is defence in depth: nothing carried there
    may delete, write without bound, or touch a workout this session is not about.

    Kept, in order: set logs, the active save and the session end of the current workout (the
    conversation's, or with none in progress, the one the list ends: it just finished), and a
    profile save only when it is the profile the conversation holds. Profile saves are kept
    rather than dropped because onboarding during an outage would otherwise be lost, and one
    equal to the conversation's own profile writes nothing the next turn would not write anyway
    (a bounded upsert of one record, never history). The end of an older workout closed on the
    way (at launch, or declined at "want to pick it up?") is dropped too: its sets are already
    stored; only its closing is lost, and its session stays marked active. A list over the
    bounds is dropped whole: this skill never makes one.
    """
    if not effects:
        return []
    size = sum(len(e.model_dump_json()) for e in effects)
    if len(effects) > MAX_PENDING or size > MAX_PENDING_BYTES:
        log.warning(
            "dropped all %d pending writes from session attributes (%d bytes): over the bounds",
            len(effects),
            size,
        )
        return []
    ended = [e.session.workout_id for e in effects if isinstance(e, dialog.EndSession)]
    last_ended = ended[-1] if ended else None
    current = conv.workout.workout_id if conv.workout is not None else last_ended
    sets: Counter[str] = Counter()
    kept: list[dialog.Effect] = []
    dropped: Counter[str] = Counter()
    for effect in effects:
        why = _refused(effect, current, conv, catalog, sets)
        if why is None:
            kept.append(effect)
        else:
            dropped[why] += 1
    if dropped:
        log.warning(
            "dropped %d pending writes from session attributes: %s",
            sum(dropped.values()),
            ", ".join(f"{why} ({n})" for why, n in sorted(dropped.items())),
        )
    return kept


def _refused(
    effect: dialog.Effect,
    current: str | None,
    conv: dialog.Conversation,
    catalog: Catalog,
    sets: Counter[str],
) -> str | None:
    """Why ``effect`` may not be replayed, or None. ``sets`` counts set logs kept per workout."""
    if isinstance(effect, dialog.LogSet):
        record = effect.record
        if record.workout_id != current:
            return "set for another workout"
        if record.exercise_id not in catalog:
            return "set of an unknown exercise"
        if sets[record.workout_id] >= MAX_SETS_PER_WORKOUT:
            return "more sets than a workout holds"
        sets[record.workout_id] += 1
        return None
    if isinstance(effect, dialog.EndSession):
        session = effect.session
        if session.workout_id != current:
            return "end of another workout"
        if any(s.workout_id != session.workout_id for s in session.sets):
            return "session end carrying another workout's sets"
        if len(session.sets) > MAX_SETS_PER_WORKOUT:
            return "more sets than a workout holds"
        return None
    if isinstance(effect, dialog.SaveActive):
        if effect.workout.workout_id != current:
            return "active save of another workout"
        if unknown_exercises(effect.workout, catalog):
            return "active save naming unknown exercises"
        return None
    if isinstance(effect, dialog.SaveProfile):
        if conv.profile is None or effect.profile != conv.profile:
            return "profile save unlike the session's profile"
        return None
    return f"{effect.kind} is never replayed"
