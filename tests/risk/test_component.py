"""The Rasa graph component: train, persist, load, process odd input, fingerprint."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.risk_screen import RiskScreenComponent, fallback_result
from bot.risk import LEVELS

from pathlib import Path

TRAIN_DATA = Path(__file__).resolve().parents[2] / "data" / "risk"

ODD_INPUTS = ["", "   ", None, "x" * 10000, "i feel suicidal " * 700, "\x00\x01\x02\xff\ufffd",
              b"\x89PNG\r\n\x1a\n\x00\x00".decode("latin-1"), "💀🔪💊" * 300, "/restart",
              "\u202e\u200b\u200d", 12345]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("risk_screen")
    context = ExecutionContext(GraphSchema({}), node_name="risk_screen")
    component = RiskScreenComponent.create({"training_data": str(TRAIN_DATA)}, storage, resource,
                                           context)
    assert component.train(TrainingData()) == resource
    loaded = RiskScreenComponent.load({"training_data": str(TRAIN_DATA)}, storage, resource, context)
    return component, loaded


def run(component, text):
    message = Message(data={"text": text})
    component.process([message])
    return message


def test_loaded_component_has_the_model(trained):
    _, loaded = trained
    assert loaded._screen.model is not None


def test_process_sets_risk_in_the_output(trained):
    _, loaded = trained
    message = run(loaded, "im on the bridge")
    risk = message.get("risk")
    assert risk["level"] == "critical" and risk["category"] == "self_harm"
    assert "risk" in message.as_dict_nlu() or "risk" in message.output_properties
    assert "risk" in message.output_properties


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_process_never_raises_on_odd_input(trained, text):
    _, loaded = trained
    risk = run(loaded, text).get("risk")
    assert risk["level"] in LEVELS
    assert isinstance(risk["reasons"], list)


def test_internal_error_falls_back_to_rules(trained, monkeypatch):
    _, loaded = trained

    def boom(text):
        raise RuntimeError("model exploded")
    monkeypatch.setattr(loaded._screen, "screen", boom)
    risk = run(loaded, "he hit me last night").get("risk")
    assert risk["level"] == "high"
    assert any("rules only" in r for r in risk["reasons"])


def test_fallback_when_rules_fail_too(monkeypatch):
    from bot.risk import RiskScreen

    def boom(self, text):
        raise RuntimeError("rules exploded")
    monkeypatch.setattr(RiskScreen, "screen", boom)
    result = fallback_result("anything", RuntimeError("x"))
    assert result.level == "concern"


def test_load_without_a_persisted_model_uses_rules(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="x")
    component = RiskScreenComponent.load({}, storage, Resource("never_trained"), context)
    assert component._screen.model is None
    assert run(component, "she isnt breathing").get("risk")["level"] == "critical"


def test_missing_training_data_is_a_clear_error(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="x")
    component = RiskScreenComponent.create({"training_data": "nope/missing.yml"}, storage,
                                           Resource("r"), context)
    with pytest.raises(FileNotFoundError, match="missing.yml"):
        component.train(TrainingData())


def test_fingerprint_changes_with_any_file_of_the_training_directory(tmp_path):
    (tmp_path / "a.yml").write_text("version: 1\nexamples: []\n")
    config = {"training_data": str(tmp_path)}
    before = RiskScreenComponent.fingerprint_addon(config)
    assert before == RiskScreenComponent.fingerprint_addon(config)
    (tmp_path / "b.yml").write_text("version: 1\nexamples:\n  - {text: hi, topic: greet, risk: none}\n")
    added = RiskScreenComponent.fingerprint_addon(config)
    assert added != before
    (tmp_path / "a.yml").write_text("version: 1\nexamples:\n  - {text: hey, topic: greet, risk: none}\n")
    assert RiskScreenComponent.fingerprint_addon(config) not in (before, added)


def test_default_config_names_the_training_directory():
    assert RiskScreenComponent.get_default_config()["training_data"] == "data/risk"
