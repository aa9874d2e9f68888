"""Starting a conversation: which school it belongs to, and that school's details."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import school_slots
from bot.runtime import runtime

NOT_CARRIED_OVER = {"session_started_metadata", "requested_slot"}


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        school = runtime().school(metadata.get("school") or tracker.get_slot("school_id"))
        carried = {
            name: value
            for name, value in tracker.slots.items()
            if value is not None and name not in NOT_CARRIED_OVER
        }
        carried.update(school_slots(school))
        events: List[EventType] = [SessionStarted()]
        events += [SlotSet(name, value) for name, value in carried.items()]
        events.append(ActionExecuted("action_listen"))
        return events
