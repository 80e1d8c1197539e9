"""Carrying out the conversation's storage effects, and keeping what the store could not take."""

from __future__ import annotations

import logging

from skill.core import conversation as dialog
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store

log = logging.getLogger(__name__)


def _apply(store: Store, user_id: str, effect: dialog.Effect) -> None:
    if isinstance(effect, dialog.SaveProfile):
        store.save_profile(user_id, effect.profile)
    elif isinstance(effect, dialog.SaveActive):
        store.save_active(user_id, effect.workout)
    elif isinstance(effect, dialog.LogSet):
        if not store.log_set(user_id, effect.record):
            log.info("set %s was already stored (retried request)", effect.record.key)
    elif isinstance(effect, dialog.EndSession):
        store.end_session(user_id, effect.session)
    elif isinstance(effect, dialog.DeleteUser):
        store.delete_user(user_id)


def apply_effects(store: Store, user_id: str, effects: list[dialog.Effect]) -> list[dialog.Effect]:
    """Apply in order; return what could not be stored (from the first failure on).

    Every write is idempotent (sets are keyed, the rest are upserts), so retrying the
    leftovers later never double-counts.
    """
    for i, effect in enumerate(effects):
        try:
            _apply(store, user_id, effect)
        except StoreUnavailable:
            log.exception("storage failed; keeping %d writes for a later turn", len(effects) - i)
            return compact(effects[i:])
    return []


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
