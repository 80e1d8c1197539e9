"""Words: SSML building, paced rep counts and rest countdowns, and how decisions are said.

Imports the core's values, never the shells. ``render`` is the one way in for the shells: any
typed line the core returns (workout or conversation) becomes SSML here.
"""

from __future__ import annotations

from collections.abc import Iterable

from skill.core.catalog import Catalog
from skill.core.said import Said
from skill.speech import conversation, workout
from skill.speech.ssml import Speech

RENDERERS = {**workout.RENDERERS, **conversation.RENDERERS}
"""Every line type the core can say, to its renderer."""


def render(lines: Iterable[Said], catalog: Catalog) -> Speech:
    """A turn's lines in order as one Speech (no lines: an empty Speech, as for "no reprompt")."""
    return workout.render_with(RENDERERS, lines, catalog)


__all__ = ["RENDERERS", "render"]
