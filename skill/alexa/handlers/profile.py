"""Equipment, level and questions about an exercise."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa import slots
from skill.alexa.handlers.base import EventHandler, intent_name
from skill.core import events as ev
from skill.core.profile import Equipment, Level

EQUIPMENT_SLOTS = ("equipmentOne", "equipmentTwo", "equipmentThree", "equipmentFour")


class SetEquipmentHandler(EventHandler):
    intents = ("SetEquipmentIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        found = [slots.enum_value(handler_input, name, Equipment) for name in EQUIPMENT_SLOTS]
        return ev.SetEquipment(tuple(q for q in found if q is not None))


class SetLevelHandler(EventHandler):
    intents = ("SetLevelIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.SetLevel(slots.enum_value(handler_input, "level", Level))


class AskProfileHandler(EventHandler):
    intents = ("ChangeEquipmentIntent", "ChangeLevelIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        if intent_name(handler_input) == "ChangeEquipmentIntent":
            return ev.AskEquipment()
        return ev.AskLevel()


class DeleteDataHandler(EventHandler):
    """ "Delete my data": confirmed first, then every item of the user goes."""

    intents = ("DeleteDataIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.DeleteData()


class ExerciseInfoHandler(EventHandler):
    intents = ("ExerciseInfoIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.ExerciseInfo(slots.resolved_id(handler_input, "exercise"))
