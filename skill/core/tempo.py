"""Tempo arithmetic: how much slower or quicker than the catalog tempo a set is counted.

A decision, not words: the workout changes it on "slower"/"faster" and records it on each set;
the speech layer only turns the resulting seconds into pauses.
"""

from __future__ import annotations

import math

from skill.core.catalog import Exercise, Movement
from skill.core.value import Value

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


COUNT_TURN_SECONDS = 72.0
"""The most movement (reps times the rep's tempo) counted in one turn. The words around the
beats add about a quarter, which keeps a counted turn inside skill.speech.ssml's
MAX_RESPONSE_SECONDS; a longer count is split into parts, each its own turn."""


class Part(Value):
    """One turn of a counted set: ``side`` 0 for a set counted once (or legs alternating inside
    each rep), 1 for the first side, 2 for the second; reps ``first`` to ``last`` of it."""

    side: int
    first: int
    last: int


def two_sided(exercise: Exercise) -> bool:
    """One side, then the other: per-side work, except marches, which alternate in each rep."""
    return exercise.per_side and exercise.movement is not Movement.MARCH


def count_parts(exercise: Exercise, reps: int, tempo_scale: float) -> tuple[Part, ...]:
    """How a set is counted, in turns: a two-sided set a side per turn (the switch is where a
    coach stops anyway: re-anchor the band, change hands), and any side too long for one turn
    split into even runs of reps, so nothing counted runs past the cap."""
    t = exercise.tempo
    rep = (t.lower + t.pause + t.lift) * tempo_scale
    if exercise.movement is Movement.MARCH:
        rep *= 2  # each rep is both legs
    runs = max(1, min(reps, math.ceil(reps * rep / COUNT_TURN_SECONDS)))
    bounds = [round(reps * i / runs) for i in range(runs + 1)]
    sides = (1, 2) if two_sided(exercise) else (0,)
    return tuple(Part(side, bounds[i] + 1, bounds[i + 1]) for side in sides for i in range(runs))
