import json

import pytest

from bot.evaluation import (build_report, format_table, main, map_intent, risk_metrics,
                            topic_metrics)


def test_risk_metrics_by_hand():
    true = ["none", "none", "none", "none", "concern", "concern", "high", "high", "critical"]
    pred = ["none", "none", "high", "concern", "concern", "none", "critical", "high", "critical"]
    m = risk_metrics(true, pred)
    assert m["recall"] == {"concern": 0.5, "high": 0.5, "critical": 1.0}
    assert m["precision"] == {"concern": 0.5, "high": 0.5, "critical": 0.5}
    assert m["urgent_recall"] == 1.0            # 3 of 3 urgent flagged urgent
    assert m["urgent_precision"] == 0.75        # 3 of 4 urgent predictions
    assert m["false_alarm_rate"] == 0.25        # 1 of 4 none -> high
    assert m["confusion"]["none"] == {"none": 2, "concern": 1, "high": 1, "critical": 0}
    assert m["confusion"]["high"]["critical"] == 1


def test_risk_metrics_empty_denominators():
    m = risk_metrics(["none", "none"], ["none", "none"])
    assert m["recall"]["critical"] == 1.0 and m["precision"]["critical"] == 1.0
    assert m["false_alarm_rate"] == 0.0
    m = risk_metrics(["critical"], ["none"])
    assert m["recall"]["critical"] == 0.0 and m["precision"]["critical"] == 0.0
    assert m["urgent_precision"] == 0.0


def test_risk_metrics_length_mismatch():
    with pytest.raises(ValueError):
        risk_metrics(["none"], [])


def test_topic_metrics_by_hand():
    true = ["greet", "greet", "thanks", "out_of_scope"]
    pred = ["greet", "thanks", "thanks", "greet"]
    m = topic_metrics(true, pred)
    assert m["accuracy"] == 0.5
    assert m["per_topic"]["greet"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_topic"]["thanks"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert m["per_topic"]["out_of_scope"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.5 + 0.6667 + 0.0) / 3, abs=1e-4)


def test_map_intent():
    topics = ["greet", "out_of_scope"]
    assert map_intent("greet", topics) == "greet"
    assert map_intent("nlu_fallback", topics) == "out_of_scope"
    assert map_intent("affirm", topics) == "out_of_scope"
    assert map_intent(None, topics) == "out_of_scope"


def test_report_shape_and_table():
    report = build_report(["none", "high"], ["none", "high"], ["greet", "thanks"], ["greet", "greet"])
    assert set(report) == {"n", "risk", "topic"}
    assert set(report["risk"]) == {"recall", "precision", "urgent_recall", "urgent_precision",
                                   "false_alarm_rate", "confusion"}
    assert set(report["topic"]) == {"accuracy", "macro_f1", "per_topic"}
    json.dumps(report)
    assert "false-alarm rate" in format_table(report)


def test_main_bad_data_file_exits_non_zero_naming_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.yml"
    bad.write_text("version: 1\nexamples:\n  - {text: hi, topic: greet, risk: maybe}\n")
    assert main([str(bad), str(tmp_path / "out.json")]) != 0
    err = capsys.readouterr().err
    assert "bad.yml:3" in err
    assert not (tmp_path / "out.json").exists()


def test_main_unknown_topic_is_rejected(tmp_path, capsys):
    bad = tmp_path / "bad.yml"
    bad.write_text("version: 1\nexamples:\n  - {text: hi, topic: weather_chat, risk: none}\n")
    assert main([str(bad), str(tmp_path / "out.json")]) == 2
    assert "bad.yml:3" in capsys.readouterr().err
