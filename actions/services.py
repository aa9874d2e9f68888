"""Local services from the school's directory, by need, area and what is open now."""
import datetime as dt
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.directory.model import TOPIC_NEEDS
from bot.directory.reply import reply_messages
from bot.directory.search import district_from_text, find
from bot.runtime import runtime
from bot.schools import UK


def _now() -> dt.datetime:
    return dt.datetime.now(UK)


class ActionListServices(Action):
    def name(self) -> Text:
        return "action_list_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        directory = runtime().directory
        needs = TOPIC_NEEDS.get((tracker.latest_message.get("intent") or {}).get("name") or "")
        if directory is None or not needs:
            return []
        text = tracker.latest_message.get("text") or ""
        now = _now()
        matches = find(directory, needs, district=district_from_text(directory, text), now=now)
        for message in reply_messages(matches, now):
            dispatcher.utter_message(text=message)
        return []
