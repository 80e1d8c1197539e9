"""Alexa request envelopes as Alexa sends them, kept as JSON files next to this module.

Each file is one whole request body in the shape of Alexa's request reference (session, context
with System/AudioPlayer/Viewport, slots with ``slotValue`` and entity resolutions, skill events
without a session), written out by hand rather than by this repository's own EnvelopeFactory, so
the skill is also tested against envelopes its own tools did not make.

All are for ``RECORDED_SKILL_ID`` and ``RECORDED_USER_ID`` except ``launch_other_skill``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).resolve().parent
RECORDED_SKILL_ID = "amzn1.ask.skill.7f3c2a10-5b4e-4d2a-9c61-0e8d4b2f1a37"
OTHER_SKILL_ID = "amzn1.ask.skill.0d9e8f7a-1b2c-4d3e-8f9a-b0c1d2e3f4a5"
RECORDED_USER_ID = "amzn1.ask.account.AHAMSTRINGRECORDEDUSERQ4JY6ZVXK3B7N2M5PLDR8TWFGHC"


def event_names() -> list[str]:
    """Every recorded event, by name (the file name without ``.json``)."""
    return sorted(path.stem for path in EVENTS_DIR.glob("*.json"))


def load_event(name: str) -> dict[str, Any]:
    """A fresh copy of one recorded envelope (``load_event("launch_request")``)."""
    path = EVENTS_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no recorded event {name!r}; there are: {event_names()}")
    with path.open(encoding="utf-8") as handle:
        event: dict[str, Any] = json.load(handle)
    return event
