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


def two_block_message(words, chars):
    m = Message(data={TEXT: "x"})
    m.add_features(Features(csr_matrix(np.array([words], dtype=float)), FEATURE_TYPE_SENTENCE, TEXT, "words"))
    m.add_features(Features(csr_matrix(np.array([chars], dtype=float)), FEATURE_TYPE_SENTENCE, TEXT, "chars"))
    return m


def test_each_featurizers_counts_are_damped_and_scaled_to_unit_length(tmp_path):
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    normalising = Classifier.create({}, LocalModelStorage(tmp_path), Resource("a"), context)
    raw = Classifier.create({"normalise": False}, LocalModelStorage(tmp_path), Resource("b"), context)
    short, rambling = two_block_message([1, 0, 1], [2, 1, 0, 0]), two_block_message([9, 0, 9], [30, 15, 0, 0])
    rows = normalising._create_X([short, rambling]).toarray()
    chars, words = rows[:, :4], rows[:, 4:]  # blocks in the order of their featurizers' names
    assert np.allclose(np.linalg.norm(chars, axis=1), 1) and np.allclose(np.linalg.norm(words, axis=1), 1)
    assert np.allclose(words[0], words[1])  # the same words, however often, weigh the same
    assert np.allclose(raw._create_X([rambling]).toarray(), [[9, 0, 9, 30, 15, 0, 0]])
