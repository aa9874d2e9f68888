from bot.risk import RiskResult, escalate_for_history


def r(level, category=None):
    return RiskResult(level, category, (f"{level}",), 0.1)


def test_three_concerns_in_a_row_need_a_routine_handoff():
    latest = r("concern", "not_coping")
    out = escalate_for_history([r("none"), r("concern", "not_coping"), r("concern", "not_coping")], latest)
    assert out.escalated and out.level == "concern"
    assert any("3 messages in a row" in reason for reason in out.reasons)


def test_two_concerns_are_not_enough():
    out = escalate_for_history([r("none"), r("concern", "not_coping")], r("concern", "not_coping"))
    assert out == r("concern", "not_coping")


def test_a_none_breaks_the_run():
    prev = [r("concern"), r("concern"), r("none")]
    assert not escalate_for_history(prev, r("concern")).escalated


def test_latest_none_is_left_alone():
    assert escalate_for_history([r("concern")] * 5, r("none")) == r("none")


def test_high_and_critical_are_never_changed():
    for level in ("high", "critical"):
        latest = r(level, "self_harm")
        assert escalate_for_history([r("concern")] * 5, latest) is latest


def test_repeated_self_harm_hints_raise_to_high():
    prev = [r("none"), r("concern", "self_harm"), r("none"), r("concern", "self_harm")]
    out = escalate_for_history(prev, r("concern", "self_harm"))
    assert out.level == "high" and out.escalated


def test_pure_function_does_not_mutate_inputs():
    prev = [r("concern"), r("concern")]
    copy = list(prev)
    escalate_for_history(prev, r("concern"))
    assert prev == copy
