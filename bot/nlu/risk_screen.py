"""Rasa 3.6 graph component: screen every user message for risk.

In config.yml, anywhere in the NLU pipeline (it needs no tokens or features):

    - name: bot.nlu.risk_screen.RiskScreenComponent
      training_data: data/risk   # the default: a file or a directory of files

It sets `risk` on each message (`tracker.latest_message.parse_data["risk"]`):
{"level", "category", "reasons", "score", "urgent", "escalated"}; see bot.risk.RiskResult.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.risk import RiskResult, RiskScreen, load_training, training_files

logger = logging.getLogger(__name__)

RISK = "risk"
MAX_TEXT = 20000  # characters screened; longer input is cut (normalise keeps head and tail)
_REPO_ROOT = Path(__file__).resolve().parents[2]
_RISK_PACKAGE = Path(__file__).resolve().parents[1] / "risk"


def resolve_training_data(name: str) -> Path:
    """The training file or directory, relative to the working directory or else to the repo root."""
    path = Path(name)
    if path.is_absolute() or path.exists():
        return path
    return _REPO_ROOT / path


def _hash_files(paths: List[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def fallback_result(text: Any, error: BaseException) -> RiskResult:
    """The rules-only result, with the error noted; never raises."""
    note = f"risk model unavailable ({type(error).__name__}); rules only"
    try:
        result = RiskScreen.rules_only().screen(_as_text(text))
        return RiskResult(result.level, result.category, result.reasons + (note,), 0.0)
    except Exception as second:  # noqa: BLE001 - the screen must always answer
        logger.exception("risk rules failed too")
        # fail towards a person looking at it next working day, never silently to none
        return RiskResult("concern", None, (note, f"risk rules failed ({type(second).__name__})"),
                          0.0)


def _as_text(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text if isinstance(text, str) else str(text)
    return text[:MAX_TEXT].replace("\x00", " ")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class RiskScreenComponent(GraphComponent):
    """Rules plus a small learned model; see bot/risk."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"training_data": "data/risk"}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when the training data or the risk package's code changes."""
        training = resolve_training_data(str(config.get("training_data") or
                                             cls.get_default_config()["training_data"]))
        code = sorted(_RISK_PACKAGE.glob("*.py"))
        return _hash_files(training_files(training)) + ":" + _hash_files(code)

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, screen: Optional[RiskScreen] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._screen = screen or RiskScreen.rules_only()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "RiskScreenComponent":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Train the learned model on `training_data` (not on the NLU data)."""
        path = resolve_training_data(str(self._config["training_data"]))
        if not path.exists() or not training_files(path):
            raise FileNotFoundError(
                f"risk screen training data not found: {self._config['training_data']} "
                f"(looked in {Path.cwd()} and {_REPO_ROOT})")
        self._screen = RiskScreen.train(load_training(path))
        with self._model_storage.write_to(self._resource) as directory:
            self._screen.persist(Path(directory))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "RiskScreenComponent":
        try:
            with model_storage.read_from(resource) as directory:
                screen = RiskScreen.load(Path(directory))
        except Exception as exc:  # noqa: BLE001 - an unreadable model must not stop the bot
            logger.warning("risk model could not be loaded (%s); screening with rules only", exc)
            screen = RiskScreen.rules_only()
        return cls(config, model_storage, resource, screen)

    def screen_text(self, text: Any) -> RiskResult:
        try:
            return self._screen.screen(_as_text(text))
        except Exception as exc:  # noqa: BLE001 - fall back, never raise
            logger.exception("risk screen failed; falling back to rules only")
            return fallback_result(text, exc)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            try:
                result = self.screen_text(message.get(TEXT))
                message.set(RISK, result.as_dict(), add_to_output=True)
            except Exception:  # noqa: BLE001 - e.g. a message object without data
                logger.exception("could not attach risk result")
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
