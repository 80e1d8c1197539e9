"""Tempo arithmetic: how much slower or quicker than the catalog tempo a set is counted.

A decision, not words: the workout changes it on "slower"/"faster" and records it on each set;
the speech layer only turns the resulting seconds into pauses.
"""

from __future__ import annotations

from skill.core.catalog import Exercise

MIN_TEMPO_SCALE = 0.8
MAX_TEMPO_SCALE = 1.6
TEMPO_STEP = 0.2


def scaled(tempo_scale: float, faster: bool) -> float:
    """One step quicker or slower, kept within the bounds a controlled rep allows."""
    step = -TEMPO_STEP if faster else TEMPO_STEP
    return round(min(MAX_TEMPO_SCALE, max(MIN_TEMPO_SCALE, tempo_scale + step)), 2)


def combined(own: float, planned: float) -> float:
    """The person's own pace times the planned one (a progression can slow the lowering)."""
    return round(min(MAX_TEMPO_SCALE, own * planned), 2)


def lowering_seconds(exercise: Exercise, tempo_scale: float) -> int:
    """Whole seconds of the lowering at this scale, as announced ("lower for four seconds")."""
    return max(1, round(exercise.tempo.lower * tempo_scale))
