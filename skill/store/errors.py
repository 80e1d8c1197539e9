"""Errors every store raises the same way, so the skill can survive storage trouble."""

from __future__ import annotations


class StoreUnavailable(Exception):
    """The store could not be reached or refused the call (throttled, timed out, 5xx).

    The skill keeps the person going and retries the unsaved writes on a later turn.
    """
