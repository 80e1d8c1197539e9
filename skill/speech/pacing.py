"""Where the rep count gets its pauses: counted slow sets and spoken rest countdowns.

A set is one long SSML response: each rep's lowering, pause and lift are breaks sized from the
exercise tempo, with form cues spoken during chosen reps. Rest is a countdown, never dead air.
How much slower or quicker a set is counted is decided in skill.core.tempo; this only speaks it.
"""

from __future__ import annotations

from skill.core.catalog import Exercise
from skill.speech.ssml import Speech, cap, words


def cues_for_set(exercise: Exercise, set_number: int, reps: int) -> dict[int, str]:
    """Which mid-set cue to speak at which rep; each set starts further along the cue list."""
    cues = exercise.mid_set_cues
    count = 1 if reps <= 6 else 2 if reps <= 12 else 3
    count = min(count, len(cues))
    start = ((set_number - 1) * count) % len(cues)
    chosen = [cues[(start + i) % len(cues)] for i in range(count)]
    reps_at = [max(2, round(reps * (i + 1) / (count + 1))) for i in range(count)]
    out: dict[int, str] = {}
    for rep, cue in zip(reps_at, chosen, strict=True):
        while rep in out and rep < reps:
            rep += 1
        out[rep] = cue
    return out


def counted_set(exercise: Exercise, set_number: int, reps: int, tempo_scale: float) -> Speech:
    """A whole set, counted: the number starts each lowering, "up" starts each lift."""
    tempo = exercise.tempo
    lower = (tempo.lower + tempo.pause) * tempo_scale
    lift = tempo.lift * tempo_scale
    cues = cues_for_set(exercise, set_number, reps)
    sides = ("Left side first.", "Now the right side.") if exercise.per_side else ("",)
    speech = Speech()
    for side_index, side in enumerate(sides):
        if side_index:
            speech.say("Switch sides.").pause(3)
        speech.say(side)
        speech.say("Lower slowly." if tempo.lower >= 2 else "Here we go.")
        for rep in range(1, reps + 1):
            if rep == reps and reps > 3:
                speech.timed("Last one.", 1.0)
            cue = cues.get(rep) if side_index == 0 else cues.get(reps + 1 - rep)
            speech.timed(cue or "", lower)
            speech.timed("Up." if tempo.lift > 0.9 else "Drive.", lift)
            speech.say(words(rep).capitalize() + ".")
    return speech.say("Good. Set done.")


FILLERS = ("Breathe.", "Stay loose.", "Shake it out.", "Easy breaths.")
"""Said between the half-minute marks of a long rest, so no stretch is silent for over ten
seconds without reading out every number."""


def duration(seconds: int) -> str:
    """How a coach says a rest: "forty-five seconds", "ninety seconds", "two minutes"."""
    minutes, rest = divmod(seconds, 60)
    if rest == 0:
        return "one minute" if minutes == 1 else f"{words(minutes)} minutes"
    if seconds < 100:
        return f"{words(seconds)} seconds"
    if rest == 30:
        return f"{words(minutes)} and a half minutes"
    return f"{words(minutes)} minute{'s' if minutes > 1 else ''} {words(rest)}"


def _marker(remaining: int, filler: int) -> str:
    if remaining < 60:
        return f"{cap(words(remaining))}."
    if remaining % 30 == 0:
        return f"{cap(duration(remaining))} left."
    return FILLERS[filler % len(FILLERS)]


def rest_countdown(seconds: int) -> Speech:
    """A spoken countdown: a mark at least every ten seconds, the last five counted out."""
    seconds = max(10, int(seconds))
    speech = Speech().say(f"Rest {duration(seconds)}. Shake your legs out and breathe.")
    remaining = seconds
    first = True
    filler = 1  # the opening line already says "breathe"
    while remaining > 10:
        step = remaining - 10 if (remaining % 10) else 10
        step = min(step, 10)
        speech.pause(step - (4 * 0.33 if first else 0.4))
        first = False
        remaining -= step
        if remaining > 10:
            marker = _marker(remaining, filler)
            filler += marker in FILLERS
            speech.say(marker)
    speech.say("Ten seconds.").pause(4.2)
    speech.say("Five, four, three, two, one.")
    return speech
