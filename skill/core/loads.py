"""Weights that exist: the next one up, the one about 10% down, and pounds to kilos.

Pure. Kit sizes are facts about gyms, not coaching rules; the rules (step at most about 10%,
back off about 10%) come from skill.core.rules.
"""

from __future__ import annotations

import math

from skill.core.catalog import LoadType
from skill.core.profile import Unit
from skill.core.rules import EFFECTIVE_STEP, MAX_STEP, REGRESS_FRACTION, REP_MAX, REP_MIN

LB_PER_KG = 2.20462
STEP_TOLERANCE = 0.005
"""Rounding slack on the 10% cap, so 5 lb on 49 lb (10.2%) still counts as a small step."""

# Sizes people actually own or find. Bands go by resistance level, so the 10% cap does not apply
# to them: the guide's progression for bands is the next band. Machine stacks go up in 5 lb (or
# 2.5 kg) plates: a 2.5 lb step on a 45 lb stack does not exist, so it was never taken.
# fmt: off
LADDERS: dict[tuple[LoadType, Unit], tuple[float, ...]] = {
    (LoadType.DUMBBELL, Unit.LB): (
        5, 8, 10, 12, 15, 17.5, 20, 22.5, 25, 27.5, 30, 32.5, 35, 37.5, 40, 42.5, 45, 47.5, 50,
        55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120,
    ),
    # Gym racks in kilograms go up in 2 kg to 20, then 2.5 kg (no 11, 13 or 15 kg pairs, and no
    # 17.5 between 16 and 18).
    (LoadType.DUMBBELL, Unit.KG): (
        2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22.5, 25, 27.5, 30, 32.5, 35, 37.5, 40, 42.5, 45,
        47.5, 50,
    ),
    # The kettlebells sold everywhere: 4 kg apart from 8 (the odd sizes are competition bells).
    (LoadType.KETTLEBELL, Unit.KG): (4, 6, 8, 12, 16, 20, 24, 28, 32, 36, 40),
    (LoadType.KETTLEBELL, Unit.LB): (
        10, 15, 20, 25, 30, 35, 40, 45, 50, 53, 55, 60, 62, 70, 80, 88, 97, 106,
    ),
    (LoadType.MACHINE, Unit.LB): tuple(range(10, 305, 5)),
    (LoadType.MACHINE, Unit.KG): tuple(x / 2 for x in range(5, 301, 5)),
    (LoadType.BAND, Unit.LB): (10, 15, 20, 25, 35, 50, 65, 80, 100, 125, 150),
    (LoadType.BAND, Unit.KG): (5, 7, 10, 15, 20, 25, 35, 45, 55, 70),
}
# fmt: on

PLATE_STEPS: dict[Unit, tuple[float, ...]] = {Unit.LB: (5.0, 2.5), Unit.KG: (2.5, 1.25)}
"""Barbell and machine steps, largest first: the smallest plates most gyms have."""


def convert(load: float, from_unit: Unit, to_unit: Unit) -> float:
    """The same weight in the other unit (unrounded)."""
    if from_unit is to_unit:
        return load
    return load * LB_PER_KG if to_unit is Unit.LB else load / LB_PER_KG


def nearest_existing(load_type: LoadType, load: float, unit: Unit) -> float:
    """The weight that exists nearest ``load`` (the lighter of two as near): a weight converted
    from the other unit lands between sizes (20 kg is 44.1 lb: a 45 lb dumbbell, not a 44.1 one;
    35 lb is 15.9 kg: 16 kg)."""
    ladder = LADDERS.get((load_type, unit))
    if ladder is not None and load <= ladder[-1] + 1e-9:
        return min(ladder, key=lambda w: (abs(w - load), w))
    step = PLATE_STEPS[unit][-1] if ladder is None else PLATE_STEPS[unit][0]
    return max(round(round(load / step) * step, 2), step)


def _round_down(value: float, step: float) -> float:
    return round(math.floor(value / step + 1e-9) * step, 2)


def _small_enough(step: float, load: float) -> bool:
    """Within the guide's "small load steps" (10%, plus rounding slack)."""
    return step <= load * MAX_STEP + STEP_TOLERANCE * load


def next_load(load_type: LoadType, load: float, unit: Unit) -> float | None:
    """The smallest step up that exists: the next dumbbell, kettlebell or band people own (even
    when that is over 10%: the reps drop to the bottom of the range, which keeps the real step
    small); for plates the smallest plate, or None when even that would be more than about 10%."""
    ladder = LADDERS.get((load_type, unit))
    if ladder is not None:
        bigger = [w for w in ladder if w > load + 1e-9]
        return bigger[0] if bigger else load + (5.0 if unit is Unit.LB else 2.5)
    for step in PLATE_STEPS[unit]:
        if _small_enough(step, load):
            return round(load + step, 2)
    return None


def lighter_load(load_type: LoadType, load: float, unit: Unit) -> float | None:
    """About 10% less, on a weight that exists; None when nothing lighter exists."""
    target = load * (1 - REGRESS_FRACTION)
    ladder = LADDERS.get((load_type, unit))
    if ladder is not None and load <= ladder[-1] + 1e-9:
        lower = [w for w in ladder if w <= target + 1e-9]
        return lower[-1] if lower else None
    # Above the common sizes (or plates): round down to the smallest step that exists.
    step = PLATE_STEPS[unit][-1] if ladder is None else PLATE_STEPS[unit][0]
    lighter = _round_down(target, step)
    return lighter if 0 < lighter < load else None


def step_down(load_type: LoadType, load: float, unit: Unit) -> float | None:
    """One weight down: the next size on a ladder, one plate step (5 lb, 2.5 kg) on plates;
    None when nothing lighter exists."""
    ladder = LADDERS.get((load_type, unit))
    if ladder is not None and load <= ladder[-1] + 1e-9:
        lower = [w for w in ladder if w < load - 1e-9]
        return lower[-1] if lower else None
    lighter = round(load - PLATE_STEPS[unit][0], 2)
    return lighter if lighter > 0 else None


def effort_of(load: float, reps: float) -> float:
    """What a set asks, as the one-rep max it implies (Epley): the common scale on which a
    heavier weight for fewer reps is compared with a lighter one for more."""
    return load * (1 + reps / 30)


def reps_at(
    new_load: float, load: float, reps: float, ceiling: int, floor: int, slack: float = 0.0
) -> int | None:
    """The most reps (at most ``ceiling``) at ``new_load`` that ask no more than ``reps`` at
    ``load`` did, plus ``slack``; None when that is under ``floor``."""
    limit = effort_of(load, reps) * (1 + slack)
    most = math.floor(30 * (limit / new_load - 1) + 1e-9) if new_load > 0 else ceiling
    found = min(ceiling, most)
    return found if found >= floor else None


def rep_top(load_type: LoadType, load: float | None, unit: Unit, low: int, high: int) -> int:
    """Where reps stop rising at this weight: the top of the range, unless the next size that
    exists (a band, a light dumbbell) is so big a step that even at the guide's fewest reps it
    asks more than the top of the range does (by over EFFECTIVE_STEP): then reps are earned up
    to the guide's 20 first, so the step, when it comes, stays small."""
    if load is None or load <= 0 or (load_type, unit) not in LADDERS:
        return high
    heavier = next_load(load_type, load, unit)
    if heavier is None:
        return high
    fits = reps_at(heavier, load, high, ceiling=low, floor=REP_MIN, slack=EFFECTIVE_STEP)
    return high if fits is not None else max(high, REP_MAX)
