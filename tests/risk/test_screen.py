"""Rules and model together: the higher level wins, within the guards."""
import json

import pytest

from bot.risk import LEVELS, RiskResult, RiskScreen
from bot.risk.model import Prediction
from bot.risk.screen import ALONE_MIN_WORDS, ALONE_URGENT, CRITICAL_MODEL, MODEL_URGENT


class StubModel:
    """A model whose probabilities the test chooses."""

    def __init__(self, p_urgent, p_any, p_words=None, cats=None, p_critical=0.0):
        self.thresholds = {"concern": 0.7}
        self.pred = Prediction(p_urgent, p_any, p_urgent if p_words is None else p_words,
                               cats or {"domestic_abuse": 0.7, "self_harm": 0.2, "not_coping": 0.1},
                               p_critical)

    def predict(self, text, categories=True):
        return self.pred


def screen_with(model):
    return RiskScreen(model)


def test_model_never_lowers_a_critical_rule_hit():
    result = screen_with(StubModel(0.0, 0.0)).screen("ive taken all my tablets")
    assert result.level == "critical"
    assert result.score == 0.0


def test_model_never_lowers_a_high_rule_hit():
    assert screen_with(StubModel(0.01, 0.01)).screen("he hit me again").level == "high"


def test_model_alone_raises_to_high_without_its_critical_classifier():
    result = screen_with(StubModel(0.99, 0.99)).screen("things at home are not what they seem")
    assert result.level == "high"
    assert result.category == "domestic_abuse"
    assert any("model p=0.99" in r for r in result.reasons)


def test_model_below_threshold_does_not_raise():
    assert screen_with(StubModel(MODEL_URGENT - 0.01, 0.69)).screen("when is sports day").level == "none"


def test_model_concern_raise():
    result = screen_with(StubModel(0.3, 0.75)).screen("a bit of a week really")
    assert result.level == "concern"


def test_model_high_needs_word_model_agreement():
    result = screen_with(StubModel(0.95, 0.95, p_words=0.2)).screen("my daughter wants to learn the violin")
    assert result.level == "concern"


def test_model_is_capped_at_concern_after_an_idiom():
    result = screen_with(StubModel(0.99, 0.99)).screen("this homework is killing me")
    assert result.level == "concern"


def test_result_as_dict_is_json_safe():
    result = RiskScreen.rules_only().screen("i feel suicidal")
    data = result.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["level"] == "high" and data["urgent"] is True
    assert RiskResult.from_dict(data).level == "high"


def test_trained_screen_end_to_end(trained_screen):
    assert trained_screen.screen("when is the next inset day").level == "none"
    assert trained_screen.screen("im on the bridge").level == "critical"
    result = trained_screen.screen("i feel like ending it")
    assert result.level in ("high", "critical")
    assert 0.0 <= result.score <= 1.0


def test_persist_and_load_round_trip(trained_screen, tmp_path):
    trained_screen.persist(tmp_path)
    loaded = RiskScreen.load(tmp_path)
    for text in ["hello", "he pushed me down the stairs", "i cant cope", "my son is off sick"]:
        a, b = trained_screen.screen(text), loaded.screen(text)
        assert (a.level, a.category) == (b.level, b.category)
        assert a.score == pytest.approx(b.score)


def test_load_of_empty_directory_gives_rules_only(tmp_path):
    assert RiskScreen.load(tmp_path).model is None


def test_train_rejects_unknown_level():
    with pytest.raises(ValueError):
        RiskScreen.train([("hi", "urgent", None)])


def test_levels_constant():
    assert LEVELS == ("none", "concern", "high", "critical")


def test_model_raises_nothing_on_very_short_messages():
    assert screen_with(StubModel(0.99, 0.99)).screen("no").level == "none"
    assert screen_with(StubModel(0.99, 0.99)).screen("n").level == "none"


def test_model_alone_needs_high_confidence_for_high():
    text = "things at home are not what they seem"
    assert screen_with(StubModel(MODEL_URGENT - 0.01, 0.9)).screen(text).level == "concern"
    assert screen_with(StubModel(0.9, 0.9, p_words=ALONE_URGENT - 0.01)).screen(text).level == "concern"
    assert screen_with(StubModel(0.9, 0.9)).screen("home not good").level == "concern"  # a short message
    assert screen_with(StubModel(0.99, 0.99)).screen("thats me for tonight, night").level == "concern"
    raised = screen_with(StubModel(0.9, 0.9)).screen(text)
    assert raised.level == "high" and any("raised none -> high" in r for r in raised.reasons)


def test_model_raises_a_rule_concern_to_high():
    result = screen_with(StubModel(0.9, 0.9)).screen("ive been having dark thoughts")
    assert result.level == "high"
    assert any("raised concern -> high" in r for r in result.reasons)


def test_critical_classifier_raises_high_to_critical():
    text = "he hit me again"  # a rule says high
    assert screen_with(StubModel(0.9, 0.9, p_critical=CRITICAL_MODEL - 0.01)).screen(text).level == "high"
    raised = screen_with(StubModel(0.9, 0.9, p_critical=CRITICAL_MODEL)).screen(text)
    assert raised.level == "critical"
    assert any("raised high -> critical" in r for r in raised.reasons)


def test_critical_classifier_does_not_act_on_concern_or_after_an_idiom():
    assert screen_with(StubModel(0.3, 0.9, p_critical=0.99)).screen("a bit of a week really").level == "concern"
    idiom = screen_with(StubModel(0.99, 0.99, p_critical=0.99)).screen("this homework is killing me")
    assert idiom.level == "concern"


def test_model_alone_needs_a_real_sentence():
    short = " ".join(["word"] * (ALONE_MIN_WORDS - 1))
    assert screen_with(StubModel(0.99, 0.99)).screen(short).level == "concern"
    assert screen_with(StubModel(0.99, 0.99)).screen(short + " more").level == "high"
