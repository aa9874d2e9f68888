"""The fast-loading intent classifier predicts exactly what it predicted before it was stored."""
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.nlu.intent_classifier import FastLoadingLogisticRegressionClassifier as Classifier


def message(vector, intent=None):
    m = Message(data={TEXT: "x", **({INTENT: intent} if intent else {})})
    m.add_features(Features(csr_matrix(np.array([vector], dtype=float)), FEATURE_TYPE_SENTENCE, TEXT, "test"))
    return m


def test_stored_and_loaded_classifier_gives_the_same_probabilities(tmp_path):
    rng = np.random.default_rng(7)
    intents = ["greet", "goodbye", "thanks"]
    examples = [message(rng.random(6) + 2 * np.eye(6)[i % 3], intents[i % 3]) for i in range(60)]
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    trained = Classifier.create({}, storage, resource, context)
    trained.train(TrainingData(examples))
    loaded = Classifier.load({}, storage, resource, context)

    probes = [message(rng.random(6) * 3) for _ in range(20)]
    expected = trained.clf.predict_proba(trained._create_X(probes))
    actual = loaded.clf.predict_proba(loaded._create_X(probes))
    assert np.allclose(expected, actual)
    assert list(loaded.clf.classes_) == sorted(intents)
    processed = loaded.process([message([3, 0, 0, 0, 0, 0])])[0]
    assert processed.get("intent")["name"] == "greet"
