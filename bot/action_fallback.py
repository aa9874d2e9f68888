"""When the action server cannot be reached, Rasa still keeps people safe.

Rasa 3.6 logs a failed custom action and carries on with none of its events: with the action
server down, a message about danger got no reply and opened no case. `install()` (at Rasa's
start) wraps Rasa's RemoteAction: if the action server refuses the connection, answers 5xx or
hangs, the safety actions and session start run here, in the Rasa process, with the same code
(rasa-sdk's executor, our database); any other action answers with a kind holding reply.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, List, Optional

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event, deserialise_events
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

LOCAL_ACTIONS = ("action_respond_to_risk", "action_while_with_staff", "action_session_start")
ACTION_TIMEOUT_S = 30.0
HOLDING_REPLY = (
    "Sorry, I can't answer that right now. Please try again in a few minutes. "
    "If someone is in danger, call 999."
)

_remote_run = RemoteAction.run
_executor: Optional[Any] = None


def install() -> None:
    """Make every custom action fall back when the action server is away (idempotent)."""
    RemoteAction.run = _run_or_fall_back


def uninstall() -> None:
    RemoteAction.run = _remote_run


def _local_executor():
    global _executor
    if _executor is None:
        from rasa_sdk.executor import ActionExecutor

        from actions.risk import ActionRespondToRisk, ActionWhileWithStaff
        from actions.session import ActionSessionStart

        executor = ActionExecutor()
        for action in (ActionRespondToRisk, ActionWhileWithStaff, ActionSessionStart):
            executor.register_action(action)
        _executor = executor
    return _executor


async def _run_or_fall_back(self: RemoteAction, output_channel, nlg, tracker, domain) -> List[Event]:
    try:
        return await asyncio.wait_for(_remote_run(self, output_channel, nlg, tracker, domain), ACTION_TIMEOUT_S)
    except ActionExecutionRejection:
        raise
    except (RasaException, asyncio.TimeoutError) as failure:
        logger.error("action server unavailable for %s (%s): answering from Rasa", self.name(),
                     type(failure).__name__)
    if self.name() not in LOCAL_ACTIONS:
        return [BotUttered(HOLDING_REPLY)]
    return await run_locally(self, output_channel, nlg, tracker, domain)


async def run_locally(action: RemoteAction, output_channel, nlg, tracker, domain) -> List[Event]:
    """The action run in this process, its result handled as Rasa handles the server's."""
    call = action._action_call_format(tracker, domain)
    call.setdefault("domain", domain.as_dict())
    result = await _local_executor().run(call) or {}
    bot_messages = await action._utter_responses(result.get("responses", []), output_channel, nlg, tracker)
    return list(bot_messages) + deserialise_events(result.get("events", []))
