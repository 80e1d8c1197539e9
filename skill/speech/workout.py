"""The workout's words: each typed line from skill.core.lines becomes SSML here, and only here.

One renderer per line type, looked up by type, so a new line cannot be spoken by accident in two
different ways, and the state machine never holds a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from skill.core.catalog import Catalog
from skill.core.effort import Effort
from skill.core.events import Symptom
from skill.core.lines import (
    Adjusted,
    AskLoad,
    CheckLoad,
    CheckReps,
    ComingUp,
    Counted,
    CountSet,
    Cue,
    DoneOnOwn,
    FeelCue,
    FeelReprompt,
    FormCues,
    GotReps,
    HelpFeedback,
    HelpPain,
    HelpSetup,
    HowTo,
    Lead,
    Line,
    Logged,
    LoggedAsPlanned,
    NextPart,
    NothingToLog,
    OfferEasier,
    OfferMoveOn,
    OnSet,
    Overview,
    Paced,
    PainStop,
    Partway,
    PullStop,
    ReadyFor,
    RedFlagStop,
    Rest,
    RestLength,
    SetAhead,
    SetsLeft,
    Setup,
    SkippedSet,
    Skipping,
    SkipSetQuestion,
    Soreness,
    Summary,
    Target,
    TooHeavy,
    TooManyReps,
)
from skill.core.profile import Unit
from skill.speech.pacing import counted_set, rest_countdown
from skill.speech.ssml import Speech, cap, join_names, plural, weight, words

CUES: dict[Cue, tuple[str, ...]] = {
    Cue.LIGHTER: ("A lighter session, then.",),
    Cue.SAY_READY: ("Say ready when you're set.",),
    Cue.HOW_DID_THAT_FEEL: ("How did that feel: easy, just right, or hard?",),
    Cue.FEEL_OR_GO_ON: ("How did it feel: easy, just right, or hard? Or say ready to go on.",),
    Cue.HOW_DID_SET_FEEL: ("How did that set feel: easy, just right, or hard?",),
    Cue.READY_OR_FEEL: ("Tell me how that set felt, or say ready to go on.",),
    Cue.EFFORT_SHORT: ("Easy, just right, or hard?",),
    Cue.NO_RUSH: ("No rush.",),
    Cue.PAUSED: (
        "Paused. When you're ready, say resume.",
        "If I've gone quiet by then, say: Alexa, open Hamstring Coach, and we'll carry on.",
    ),
    Cue.PAUSED_REPROMPT: ("Say resume to carry on, or stop to save and finish for now.",),
    Cue.SAY_RESUME: ("Say resume when you're ready.",),
    Cue.BACK_TO_IT: ("Back to it.",),
    Cue.STILL_PAUSED: ("Still paused.",),
    Cue.WE_ARE_PAUSED: ("We're paused.",),
    Cue.HOW_MANY_REPS: ("How many reps did you get?",),
    Cue.HOW_MANY_REPS_SHORT: ("How many reps?",),
    Cue.WHAT_WEIGHT: ("What weight did you use?",),
    Cue.WHAT_WEIGHT_SHORT: ("What weight?",),
    Cue.DIDNT_GET: ("Sorry, I didn't get that.",),
    Cue.DIDNT_CATCH: ("Sorry, I didn't catch that.",),
    Cue.SLOWEST: ("That's as slow as I go.",),
    Cue.QUICKEST: ("That's as quick as we go; control wins.",),
    Cue.SET_UP_AGAIN: ("Okay, let's set up again.",),
    Cue.HELP_PAUSED: ("You're paused. Say resume to carry on, or stop to save and finish.",),
    Cue.TAKE_YOUR_TIME: ("Take your time.",),
    Cue.MOVING_ON: ("Okay, moving on.",),
    Cue.LEAVE_IT: ("Okay, we'll leave it.",),
    Cue.STOP_FOR_TODAY: ("Good call. Let's stop for today.",),
    Cue.GENTLY: ("Okay, gently. Stop straight away if it hurts again.",),
    Cue.PAIN_TWICE: ("That's twice today, so let's stop here.",),
    Cue.FINISHED: ("That workout is finished.",),
    Cue.SET_DONE_FEEL: (
        "Nice work. How did it feel: easy, just right, or hard?",
        "Or say next to log it as planned.",
    ),
    Cue.TIRED: ("That's okay. You've put in the work.",),
    Cue.FINISH_OR_ONE_MORE: ("Want to finish here? Or say one more, for a last, lighter set.",),
    Cue.HELP_WRAP_UP: (
        "Say yes to finish here and save what you did.",
        "Or say one more, and I'll count one last set with fewer reps.",
    ),
    Cue.LAST_SET_ANYWAY: ("Good news: that was your last set.",),
    Cue.FINISH_OR_OTHER_SIDE: (
        "Want to finish here? Or say one more, to even up with the other side and stop there.",
    ),
    Cue.SIDE_NOT_LOGGED: ("That one side isn't logged, since a set needs both.",),
    Cue.LAST_SIDE: ("Then the other side is your last.",),
    Cue.FINISH_HERE: ("Good work. We'll finish here.",),
    Cue.ONE_MORE_LIGHTER: ("One last set, a little lighter.",),
    Cue.DO_IT: ("Okay, we'll do it.",),
}

LEADS = {Lead.FIRST: "First up", Lead.NEXT: "Next", Lead.NONE: ""}

PAIN_ADVICE = {
    "back": "Stand up tall, breathe, and let your back settle. Don't stretch into it.",
    "knee": "Straighten the leg gently and keep weight off it for now.",
    "hamstring": "Stop loading that leg. A pulled hamstring needs rest, not stretching.",
    "hip": "Ease off and walk gently if that feels okay.",
    "glute": "Ease off and walk gently if that feels okay.",
}
PAIN_ADVICE_ELSE = "Rest it for now."

AREA_NAMES = {
    "back": "back",
    "knee": "knee",
    "hamstring": "hamstring",
    "hip": "hip",
    "glute": "glutes",
    "chest": "chest",
    "neck": "neck",
    "shoulder": "shoulder",
    "arm": "arm",
    "elbow": "elbow",
    "wrist": "wrist",
    "hand": "hand",
    "calf": "calf",
    "shin": "shin",
    "ankle": "ankle",
    "foot": "foot",
}
"""How each BODY_PART id is said after "your"."""


SPOKEN_PLACE_CHARS = 40
"""The most of an unrecognised place we say back."""


def area_name(area: str | None, spoken: str | None) -> str | None:
    """The place as we say it: its name, else the words they used (letters only, short), else
    None."""
    if area is not None:
        return AREA_NAMES.get(area)  # an id we have no name for is never guessed at
    if spoken is None:
        return None
    kept = "".join(c if c.isalpha() or c in " '-" else " " for c in spoken)
    words_said = " ".join(kept.split())[:SPOKEN_PLACE_CHARS].strip()
    return words_said or None


EFFORT_COMMENTS: dict[Effort, tuple[str, ...]] = {
    Effort.EASY: (
        "Easy is good; we'll build on that.",
        "Nice and easy. There's more in the tank.",
        "Smooth. We'll nudge it up when it's time.",
    ),
    Effort.RIGHT: (
        "Right where we want it.",
        "That's the sweet spot.",
        "Just right. Keep that feel.",
    ),
    Effort.HARD: (
        "Hard one. Keep the form clean next set.",
        "Tough one. Slow and tidy on the next.",
        "Hard is fine. Own every rep next set.",
    ),
}
"""What a coach says to how a set felt; the line's seed picks the variant, so it changes from
set to set and a replayed turn says the same."""

LAST_HARD_COMMENTS = (
    "Hard one, and you finished it.",
    "Tough one. Well fought.",
)
"""A hard set with no set after it today: nothing about "next set"."""


def effort_comment(line: Logged) -> str:
    if line.effort is None or line.adjusted:
        return ""
    if line.effort is Effort.HARD and not line.follows:
        variants: tuple[str, ...] = LAST_HARD_COMMENTS
    else:
        variants = EFFORT_COMMENTS[line.effort]
    return variants[line.seed % len(variants)]


Renderer = Callable[[Any, Catalog], Speech]


def render(lines: Iterable[Line], catalog: Catalog) -> Speech:
    """The workout's lines in order as one Speech; ``skill.speech.render`` takes any line."""
    return render_with(RENDERERS, lines, catalog)


def render_with(
    renderers: Mapping[type[Any], Renderer], lines: Iterable[Any], catalog: Catalog
) -> Speech:
    """Each line by its type's renderer, in order (no lines: an empty Speech, as for "no
    reprompt")."""
    speech = Speech()
    for line in lines:
        speech.extend(renderers[type(line)](line, catalog))
    return speech


def target(t: Target) -> str:
    """ "ten reps each side at sixty pounds"."""
    text = plural(t.reps, "rep")
    if t.per_side:
        text += " each side"
    if t.load:
        text += f" at {weight(t.load, t.unit)}"
    return text


def _cue(line: Cue, catalog: Catalog) -> Speech:
    return Speech(*CUES[line])


def _overview(line: Overview, catalog: Catalog) -> Speech:
    names = [catalog.get(i).name for i in line.exercise_ids]
    return Speech(
        f"{plural(len(names), 'exercise').capitalize()}, {plural(line.sets, 'set')}, "
        f"about {words(line.minutes)} minutes: {join_names(names, 'then')}."
    )


def _setup(line: Setup, catalog: Catalog) -> Speech:
    e = catalog.get(line.exercise_id)
    lead = LEADS[line.lead]
    name = f"{lead}: {e.name}" if lead else cap(e.name)
    if line.set_number > 1:  # setting up again part-way: say where we are, not the total
        sets = f"set {words(line.set_number)} of {words(line.sets)}"
        speech = Speech(f"{name}, {sets}, {target(line.target)}.")
    else:
        speech = Speech(f"{name}, {plural(line.sets, 'set')} of {target(line.target)}.")
    speech.extend(Speech(*setup_cues(e.setup_cues, line.known)))
    if line.slow_lowering is not None:
        lower = plural(line.slow_lowering, "second")
        speech.say(f"Same weight as last time, but lower for {lower} each rep.")
    return speech


FIRST_TIME_CUES = 3
"""Setup cues said before a new exercise: the first ones (where to stand, how to hold it) and
the last (the brace that protects the back); the rest stay for "how do I do this"."""


def setup_cues(cues: Sequence[str], known: bool) -> list[str]:
    """The full setup, kept to FIRST_TIME_CUES; done before, one reminder (the last cue)."""
    if known:
        last = cues[-1]
        return [f"You know this one: {last[:1].lower()}{last[1:]}"]
    if len(cues) <= FIRST_TIME_CUES:
        return list(cues)
    return [*cues[: FIRST_TIME_CUES - 1], cues[-1]]


def _set_ahead(line: SetAhead, catalog: Catalog) -> Speech:
    # Every set announcement carries its target, so a changed weight is heard each time.
    lead = f"{cap(catalog.get(line.exercise_id).name)}. " if line.named else ""
    of = f"Set {words(line.set_number)} of {words(line.sets)}"
    return Speech(f"{lead}{of}, {target(line.target)}.")


def _count_set(line: CountSet, catalog: Catalog) -> Speech:
    e = catalog.get(line.exercise_id)
    speech = Speech("From the top." if line.again else "")
    return speech.extend(counted_set(e, line.set_number, line.reps, line.tempo_scale, line.part))


def _next_part(line: NextPart, catalog: Catalog) -> Speech:
    if line.switch:
        return Speech("Switch sides, and say ready for the other side.")
    return Speech(f"That's {words(line.counted)}. Breathe, and say ready for the rest.")


def partway_words(line: Partway) -> str:
    """ "one side of set two", "six reps of set two": what was counted and kept."""
    done = "one side" if line.side else f"{words(line.counted)} reps"
    return f"{done} of set {words(line.set_number)}"


def _partway(line: Partway, catalog: Catalog) -> Speech:
    name = cap(catalog.get(line.exercise_id).name)
    reps = f"the first {words(line.counted)} reps are done"
    done = "your first side is done" if line.side else reps
    return Speech(f"{name}, set {words(line.set_number)}: {done}.")


def _counted(line: Counted, catalog: Catalog) -> Speech:
    name = cap(catalog.get(line.exercise_id).name)
    return Speech(f"{name}, set {words(line.set_number)} was counted.")


def _nothing_to_log(line: NothingToLog, catalog: Catalog) -> Speech:
    done = words(line.last_logged) if line.last_logged else None
    text = f"Set {done} is already logged." if done else "We haven't counted a set yet."
    return Speech(text + " Say ready and I'll count the next one.")


def _too_many_reps(line: TooManyReps, catalog: Catalog) -> Speech:
    return Speech(f"{words(line.reps).capitalize()} is more than I'd expect here.")


def _too_heavy(line: TooHeavy, catalog: Catalog) -> Speech:
    return Speech(f"{cap(weight(line.load, line.unit))} sounds too heavy.")


def _got_reps(line: GotReps, catalog: Catalog) -> Speech:
    heard = plural(line.reps, "rep")
    return Speech(f"Got {heard}. And how did it feel: easy, just right, or hard?")


def _spoken_number(text: str) -> str:
    """Opening a sentence, "one hundred thirty-five" reads better as "A hundred thirty-five"."""
    return "A hundred" + text[len("one hundred") :] if text.startswith("one hundred") else cap(text)


def _check_reps(line: CheckReps, catalog: Catalog) -> Speech:
    speech = Speech(f"{_spoken_number(plural(line.reps, 'rep'))}, is that right?")
    return speech.say("Say yes or no.") if line.hint else speech


def _check_load(line: CheckLoad, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    load = _spoken_number(weight(line.load, line.unit))
    speech = Speech(f"{load} on {name}, is that right?")
    return speech.say("Say yes or no.") if line.hint else speech


def _ask_load(line: AskLoad, catalog: Catalog) -> Speech:
    if line.band:
        band = "twenty-five pounds" if line.unit is Unit.LB else "ten kilos"
        return Speech(f"About how heavy is that band? Say it like {band}, or say skip.")
    example = "sixty pounds" if line.unit is Unit.LB else "twenty-five kilos"
    return Speech(f"What weight did you use? Say it like {example}, or say skip.")


def _logged(line: Logged, catalog: Catalog) -> Speech:
    text = f"Logged {words(line.reps)}"
    if line.load is not None:
        text += f" at {weight(line.load, line.unit)}"
    return Speech(f"{text}. {effort_comment(line)}")


def _adjusted(line: Adjusted, catalog: Catalog) -> Speech:
    """ "That was easy. Next set, go for twelve reps." A change to the next set is always said."""
    if line.missed:
        why = "A few short, and that's fine."
    elif line.effort is Effort.EASY:
        why = "That was easy."
    else:
        why = "That was a hard one."
    reps = plural(line.reps, "rep")
    if line.load_change > 0:
        heavier = "the next band" if line.band else weight(line.load or 0, line.unit)
        return Speech(why, f"Next set, go up to {heavier} for {reps}.")
    if line.load_change < 0:
        lighter = "a lighter band" if line.band else weight(line.load or 0, line.unit)
        return Speech(why, f"Next set, drop to {lighter} for {reps}.")
    if line.effort is Effort.EASY:
        return Speech(why, f"Next set, go for {reps}.")
    same = " with the same band" if line.band else (" at the same weight" if line.load else "")
    return Speech(why, f"Next set, aim for {reps}{same}.")


REPORT_EXAMPLES = {Unit.LB: "ten reps at sixty pounds", Unit.KG: "ten reps at twenty-five kilos"}
"""An example set report, in the person's own unit."""


def _feel_reprompt(line: FeelReprompt, catalog: Catalog) -> Speech:
    return Speech(
        "How was that set: easy, just right, or hard? You can add reps and weight, "
        f"like {REPORT_EXAMPLES[line.unit]}."
    )


def _help_feedback(line: HelpFeedback, catalog: Catalog) -> Speech:
    return Speech(
        "Tell me how the set felt: easy, just right, or hard.",
        f"You can add numbers, like {REPORT_EXAMPLES[line.unit]}.",
        "Or say ready to count it again.",
    )


def _logged_as_planned(line: LoggedAsPlanned, catalog: Catalog) -> Speech:
    at = f" at {weight(line.load, line.unit)}" if line.load is not None else ""
    return Speech(f"I'll log that one as planned: {plural(line.reps, 'rep')}{at}.")


def _rest(line: Rest, catalog: Catalog) -> Speech:
    return rest_countdown(line.seconds, line.seed)


def _summary(line: Summary, catalog: Catalog) -> Speech:
    if not line.per_exercise:
        return Speech("No sets logged this time, and that's okay. Come back when you're ready.")
    total = sum(n for _, n in line.per_exercise)
    if len(line.per_exercise) == 1:  # "Three sets of Romanian deadlifts", not "three of"
        done = f"{cap(plural(total, 'set'))} of {catalog.get(line.per_exercise[0][0]).name}"
    else:
        parts = [f"{words(n)} of {catalog.get(i).name}" for i, n in line.per_exercise]
        done = f"{cap(plural(total, 'set'))}: {join_names(parts)}"
    speech = Speech(f"That's hamstring day done. {done}.")
    if line.hard:
        speech.say(
            f"{plural(line.hard, 'set').capitalize()} felt hard, so we'll keep an eye on those."
        )
    if line.saved:
        speech.say("It's all saved.")
    return speech.say("Give your hamstrings two days before the next one.")


def _skipping(line: Skipping, catalog: Catalog) -> Speech:
    return Speech(f"Skipping {catalog.get(line.exercise_id).name}.")


def _paced(line: Paced, catalog: Catalog) -> Speech:
    if line.slower:
        return Speech(f"Slower it is: about {words(line.lowering)} seconds on the way down.")
    return Speech(f"A little quicker: about {words(line.lowering)} seconds down. Stay controlled.")


def _form_cues(line: FormCues, catalog: Catalog) -> Speech:
    return Speech(*line.cues)


def _ready_for(line: ReadyFor, catalog: Catalog) -> Speech:
    return Speech(f"Say ready for set {words(line.set_number)}.")


def _help_setup(line: HelpSetup, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    return Speech(
        f"You're on {name}, set {words(line.set_number)} of {words(line.sets)}.",
        "Say ready and I'll count the reps.",
        "You can also say form cue, slower, pause, skip this exercise, or tell me if it hurts.",
    )


def _pain_stop(line: PainStop, catalog: Catalog) -> Speech:
    place = area_name(line.area, line.spoken)
    advice = PAIN_ADVICE.get(line.area or "")
    if advice is None:
        advice = f"Rest your {place} for now." if place else PAIN_ADVICE_ELSE
    return Speech(
        f"Stop there. We're done with {catalog.get(line.exercise_id).name} for today.",
        advice,
        "If the pain is sharp or sticks around, have a physio or doctor check it.",
    )


def _pull_stop(line: PullStop, catalog: Catalog) -> Speech:
    place = area_name(line.area, line.spoken) or "hamstring"
    return Speech(
        f"Stop now. That sounds like a strain in your {place}.",
        (
            "We're done training for today, and what you logged is saved."
            if line.saved
            else "We're done training for today."
        ),
        "Rest it. Don't stretch it or test it.",
        "Please have a physio or doctor look at it before you train it again.",
        "Next time, I'll ask how it feels before we plan anything.",
    )


RED_FLAG_WORDS: dict[Symptom | None, tuple[str, ...]] = {
    Symptom.CHEST_PAIN: (
        "Stop now and sit down.",
        "Chest pain needs help straight away.",
        "Call emergency services now.",
    ),
    Symptom.DIZZY: (
        "Stop now, and sit or lie down away from the weights.",
        "Feeling dizzy or faint while training needs medical advice, so please get checked.",
        "If it doesn't pass quickly, or you have chest pain, call emergency services.",
    ),
    Symptom.BREATHLESS: (
        "Stop now and sit down.",
        "Being short of breath like this needs medical help, so please get checked.",
        "If it gets worse, or you have chest pain, call emergency services.",
    ),
    Symptom.NUMB: (
        "Stop now.",
        "Numbness or tingling needs medical advice, so please get checked before you train again.",
        "If it spreads, or your face or arm feels weak, call emergency services.",
    ),
    Symptom.HEART_RACING: (
        "Stop now and sit down.",
        "A racing or uneven heartbeat needs medical advice, so please get checked.",
        "If it doesn't settle in a few minutes, or you have chest pain, call emergency services.",
    ),
    Symptom.NAUSEA: (
        "Stop now, sit down, and sip some water.",
        "Feeling sick while training is your body asking you to stop.",
        "If it comes with chest pain or dizziness, call emergency services.",
    ),
    None: (
        "Stop now and sit down.",
        "Please get medical help.",
        "If you have chest pain, or you can't breathe, call emergency services now.",
    ),
}
"""Red flags, said plainly; each sentence one breath."""


def _red_flag_stop(line: RedFlagStop, catalog: Catalog) -> Speech:
    end = "We're done for today. What you logged is saved." if line.saved else ""
    return Speech(*RED_FLAG_WORDS[line.symptom], end)


def _soreness(line: Soreness, catalog: Catalog) -> Speech:
    place = area_name(line.area, None)
    sore = f"A sore {place} after training" if place else "Soreness after training"
    return Speech(
        f"{sore} is normal, and it's not an injury.",
        "Keep the reps smooth and easy on it.",
        "If it turns sharp, or you feel a pull, tell me and we'll stop.",
    )


def _offer_easier(line: OfferEasier, catalog: Catalog) -> Speech:
    return Speech(
        f"If it feels fine at rest, we could try {catalog.get(line.exercise_id).name}, "
        "a gentler option.",
        "Want to try it? Say no to move on.",
    )


def _offer_move_on(line: OfferMoveOn, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    return Speech(f"If you feel okay, want to move on to {name}? Or say no to stop.")


def _done_on_own(line: DoneOnOwn, catalog: Catalog) -> Speech:
    return Speech(f"Set {words(line.set_number)}, done at your own pace.")


def _skip_set_question(line: SkipSetQuestion, catalog: Catalog) -> Speech:
    which = f"set {words(line.set_number)}"
    if line.hint:
        return Speech(f"Say yes to skip {which}, or no to do it.")
    return Speech(f"Skip {which}?")


def _skipped_set(line: SkippedSet, catalog: Catalog) -> Speech:
    return Speech(f"Okay, skipping set {words(line.set_number)}.")


def _feel_cue(line: FeelCue, catalog: Catalog) -> Speech:
    return Speech(catalog.get(line.exercise_id).feel)


def _how_to(line: HowTo, catalog: Catalog) -> Speech:
    return Speech(*catalog.get(line.exercise_id).setup_cues)


def _on_set(line: OnSet, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    where = f"set {words(line.set_number)} of {words(line.sets)}"
    if line.counted:
        return Speech(f"You just did {where} of {name}.")
    return Speech(f"You're on {name}, {where}.")


def _sets_left(line: SetsLeft, catalog: Catalog) -> Speech:
    if not line.per_exercise:
        return Speech("No sets left. You're all done once this one's logged.")
    total = sum(n for _, n in line.per_exercise)
    if len(line.per_exercise) == 1:
        name = catalog.get(line.per_exercise[0][0]).name
        return Speech(f"{cap(plural(total, 'set'))} left, of {name}.")
    parts = [f"{words(n)} of {catalog.get(i).name}" for i, n in line.per_exercise]
    return Speech(f"{cap(plural(total, 'set'))} left: {join_names(parts)}.")


def _rest_length(line: RestLength, catalog: Catalog) -> Speech:
    return Speech(f"You rest {plural(line.seconds, 'second')} between sets. I'll count it down.")


def _coming_up(line: ComingUp, catalog: Catalog) -> Speech:
    if line.exercise_id is None or line.target is None:
        return Speech("Nothing after this. It's the last set of the day.")
    name = catalog.get(line.exercise_id).name
    if line.set_number == 1:
        return Speech(f"Next up: {name}, {plural(line.sets, 'set')} of {target(line.target)}.")
    where = f"set {words(line.set_number)} of {words(line.sets)}"
    return Speech(f"Next up: {name}, {where}, {target(line.target)}.")


def _help_pain(line: HelpPain, catalog: Catalog) -> Speech:
    speech = Speech(f"We stopped {catalog.get(line.stopped_id).name} because it hurt.")
    if line.easier_id is not None:
        easier = catalog.get(line.easier_id).name
        speech.say(f"Say yes to try {easier} instead, or no to move on.")
    elif line.next_id is not None:
        speech.say(f"Say yes to go on to {catalog.get(line.next_id).name}, or no to stop here.")
    return speech.extend(Speech("Or say stop to save it for later.", "If it still hurts, rest it."))


RENDERERS: dict[type[Any], Renderer] = {
    Cue: _cue,
    Overview: _overview,
    Setup: _setup,
    SetAhead: _set_ahead,
    CountSet: _count_set,
    NextPart: _next_part,
    Partway: _partway,
    Counted: _counted,
    NothingToLog: _nothing_to_log,
    TooManyReps: _too_many_reps,
    TooHeavy: _too_heavy,
    GotReps: _got_reps,
    CheckReps: _check_reps,
    CheckLoad: _check_load,
    AskLoad: _ask_load,
    Logged: _logged,
    Adjusted: _adjusted,
    FeelReprompt: _feel_reprompt,
    HelpFeedback: _help_feedback,
    LoggedAsPlanned: _logged_as_planned,
    Rest: _rest,
    Summary: _summary,
    Skipping: _skipping,
    Paced: _paced,
    FormCues: _form_cues,
    ReadyFor: _ready_for,
    HelpSetup: _help_setup,
    PainStop: _pain_stop,
    PullStop: _pull_stop,
    RedFlagStop: _red_flag_stop,
    Soreness: _soreness,
    OfferEasier: _offer_easier,
    OfferMoveOn: _offer_move_on,
    DoneOnOwn: _done_on_own,
    SkipSetQuestion: _skip_set_question,
    SkippedSet: _skipped_set,
    FeelCue: _feel_cue,
    HowTo: _how_to,
    OnSet: _on_set,
    SetsLeft: _sets_left,
    RestLength: _rest_length,
    ComingUp: _coming_up,
    HelpPain: _help_pain,
}
"""Keyed by exact type: every member of ``Line`` has one (a test walks the union)."""
