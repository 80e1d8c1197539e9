"""Where the rep count gets its pauses: counted slow sets and spoken rest countdowns.

A set is one long SSML response: each rep is counted in its movement's own words (lower and up
for a hinge, curl, hold and lower for a curl, hike and snap for a swing), each beat a break sized
from the exercise tempo, with form cues spoken during chosen reps. Rest is a countdown, never
dead air. How much slower or quicker a set is counted is decided in skill.core.tempo; this only
speaks it.
"""

from __future__ import annotations

from skill.core.catalog import Exercise, LoadType, Movement
from skill.core.tempo import Part
from skill.core.value import Value
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


class Beat(Value):
    """One part of a rep: what is said as it starts and how many seconds it lasts. The first
    rep of a side says ``word`` in full, later reps the ``short`` form; where ``cue`` is set a
    mid-set cue may take the word's place."""

    word: str
    seconds: float
    short: str = ""
    cue: bool = False

    def said(self, first: bool) -> str:
        return self.word if first or not self.short else self.short


OPENINGS: dict[Movement, str] = {
    Movement.MARCH: "Hips up, and keep them there.",
    Movement.SWING: "Quick and crisp.",
}
"""Said before the first rep of each side, where the reps' own words don't say it all."""

SWITCH_SECONDS: dict[LoadType, float] = {
    LoadType.BAND: 8.0,
    LoadType.DUMBBELL: 5.0,
    LoadType.KETTLEBELL: 5.0,
    LoadType.BARBELL: 5.0,
    LoadType.MACHINE: 5.0,
    LoadType.BODYWEIGHT: 3.0,
}
"""The break after "Switch sides.": re-anchoring a band takes longest, a weight changes hands,
bodyweight only turns around. All well under Alexa's ten-second break."""


def rep_beats(movement: Movement, lower: float, pause: float, lift: float) -> list[Beat]:
    """One rep's beats in order, timed from the tempo; the count follows the last beat. Where
    the guide asks for a squeeze (curls, bridges, kicks) the tempo's pause is the held top."""
    match movement:
        case Movement.HINGE:
            beats = [
                Beat("Lower slowly.", lower + pause, "Lower.", cue=True),
                Beat("And up.", lift, "Up."),
            ]
        case Movement.PULL:
            beats = [
                Beat("Pull.", lift),
                Beat("Lower with control.", lower + pause, "Lower.", cue=True),
            ]
        case Movement.CURL:
            beats = [
                Beat("Curl, and squeeze.", lift, "Curl."),
                Beat("Hold.", pause),
                Beat("Lower slowly.", lower, "Lower.", cue=True),
            ]
        case Movement.NORDIC:
            beats = [
                Beat("Lower slowly, all the way.", lower, "Lower slowly.", cue=True),
                Beat("Catch.", pause),
                Beat("Push back up.", lift, "Push up."),
            ]
        case Movement.BRIDGE:
            beats = [
                Beat("Lift your hips.", lift, "Lift."),
                Beat("Hold.", pause),
                Beat("Lower.", lower, cue=True),
            ]
        case Movement.MARCH:
            beats = [
                Beat("Left knee up.", lift + pause, "Left."),
                Beat("Down.", lower, cue=True),
                Beat("Right knee up.", lift + pause, "Right."),
                Beat("Down.", lower),
            ]
        case Movement.KICK:
            beats = [
                Beat("Kick back.", lift),
                Beat("Squeeze.", pause),
                Beat("Return.", lower, cue=True),
            ]
        case Movement.SWING:
            beats = [Beat("Hike.", lower + pause, cue=True), Beat("Snap.", lift)]
    return [b for b in beats if b.seconds > 0]


def alternates(exercise: Exercise) -> bool:
    """Marches go leg by leg inside each rep, so they are counted once, with no switch."""
    return exercise.movement is Movement.MARCH


def sides(exercise: Exercise) -> int:
    """How many times the full count is said: once, or once per side."""
    return 2 if exercise.per_side and not alternates(exercise) else 1


def switch_seconds(exercise: Exercise) -> float:
    """The break for changing sides (none when there is no switch)."""
    return SWITCH_SECONDS[exercise.load_type] if sides(exercise) == 2 else 0.0


def counted_set(
    exercise: Exercise, set_number: int, reps: int, tempo_scale: float, part: Part | None = None
) -> Speech:
    """A set, counted: each rep's beats in the movement's own words, then its number. ``part``:
    only that turn of it (one side, or a run of reps); None counts the whole set at once."""
    tempo = exercise.tempo
    beats = rep_beats(
        exercise.movement,
        lower=tempo.lower * tempo_scale,
        pause=tempo.pause * tempo_scale,
        lift=tempo.lift * tempo_scale,
    )
    cues = cues_for_set(exercise, set_number, reps)
    two = sides(exercise) == 2
    runs = [part] if part else [Part(side, 1, reps) for side in ((1, 2) if two else (0,))]
    speech = Speech()
    for run in runs:
        if run.first == 1:
            if run.side == 2 and part is None:
                speech.say("Switch sides.").pause(switch_seconds(exercise))
            speech.say(SIDE_LABELS.get(run.side, ""))
            speech.say(OPENINGS.get(exercise.movement, ""))
        for rep in range(run.first, run.last + 1):
            if rep == reps and reps > 3:
                speech.timed("Last one.", 1.0)
            cue = cues.get(rep) if run.side != 2 else cues.get(reps + 1 - rep)
            for beat in beats:
                heard = cue if beat.cue else None
                said = _with_cue(beat.said(first=rep == run.first), heard, exercise.movement)
                speech.timed(said, beat.seconds)
            speech.say(words(rep).capitalize() + ".")
    last = runs[-1]
    if last.last == reps and last.side != 1:
        return speech.say("Good. Set done.")
    return speech


SIDE_LABELS = {1: "Left side first.", 2: "Now the right side."}


def _with_cue(word: str, cue: str | None, movement: Movement) -> str:
    """A cue replaces a slow beat's word; in a ballistic rhythm the beat word still follows it."""
    if not cue:
        return word
    return f"{cue} {word}" if movement.ballistic else cue


FILLERS = (
    "Breathe.",
    "Stay loose.",
    "Shake it out.",
    "Easy breaths.",
    "Drop your shoulders.",
    "Sip of water if you want.",
)
"""Said between the half-minute marks of a long rest, so no stretch is silent for over ten
seconds without reading out every number. Short: each fits well inside its ten seconds."""

REST_OPENINGS = (
    ("Shake your legs out and breathe.", 1),
    ("Walk it off and get your breath back.", 2),
    ("Loosen up. Slow breaths.", 4),
)
"""How a rest opens, with the filler to start from (skipping the one the opening just said)."""

FINAL_COUNT = ("Five,", "four,", "three,", "two,", "one.")
COUNT_SECONDS = 1.0
"""The last five seconds are counted one a second: each number, then the rest of its second."""


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


def rest_countdown(seconds: int, seed: int = 0) -> Speech:
    """A spoken countdown: a mark at least every ten seconds, the last five counted out one a
    second. ``seed`` picks the opening and the fillers, so rests vary from set to set while the
    same rest is always said the same way."""
    seconds = max(10, int(seconds))
    opening, filler = REST_OPENINGS[seed % len(REST_OPENINGS)]
    filler += 2 * (seed // len(REST_OPENINGS))
    speech = Speech().say(f"Rest {duration(seconds)}. {opening}")
    remaining = seconds
    first = True
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
    for number in FINAL_COUNT[:-1]:
        speech.timed(number, COUNT_SECONDS)
    speech.say(FINAL_COUNT[-1])
    return speech
