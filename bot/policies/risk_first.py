"""The risk screen acts before anything else, and a handed-off conversation stays with staff.

Rasa's own pause (ConversationPaused) stops every policy and action, so a message sent while
paused could never raise a fresh alert, and SessionStarted or "/restart" silently clears it.
Instead the `handoff_case_id` slot marks a conversation a person has; it survives session
expiry (carried over) and restarts (tracker store), and only a hand back clears it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

LISTEN = "action_listen"
RESPOND = "action_respond_to_risk"
WITH_STAFF = "action_while_with_staff"
OFFER = "utter_offer_hwbl"
RISK_LEVELS = ("concern", "high", "critical")


def actions_this_turn(tracker: DialogueStateTracker) -> List[str]:
    """Names of the actions run since the latest user message, oldest first."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name:
            names.append(event.action_name)
    return list(reversed(names))


def next_action(tracker: DialogueStateTracker) -> Optional[str]:
    """The action this policy insists on, or None to leave the choice to the others."""
    done = actions_this_turn(tracker)
    if not done or done == [LISTEN]:
        if tracker.latest_message is None or not tracker.latest_message.text:
            return None
        if tracker.get_slot("handoff_case_id"):
            return WITH_STAFF
        level = (tracker.latest_message.parse_data.get("risk") or {}).get("level")
        return RESPOND if level in RISK_LEVELS else None
    if WITH_STAFF in done or RESPOND in done:
        return LISTEN
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class RiskFirstPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_DATA

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = next_action(tracker)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # RulePolicy marks "carry on with the active form" as a no-user prediction, and the
        # ensemble then considers no-user predictions only: marked the same way, risk still
        # comes first in the middle of a form.
        return self._prediction(probabilities, is_no_user_prediction=True)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "RiskFirstPolicy":
        return cls(config, model_storage, resource, execution_context)
