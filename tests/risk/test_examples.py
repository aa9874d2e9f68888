import pytest

from bot.risk import ExampleFileError, load_examples, load_training


def write(tmp_path, text):
    path = tmp_path / "data.yml"
    path.write_text(text)
    return path


def test_reads_examples(tmp_path):
    path = write(tmp_path, 'version: 1\nexamples:\n  - text: "hi"\n    topic: greet\n    risk: none\n'
                           '  - {text: "he hit me", topic: service_domestic_abuse, risk: high, category: domestic_abuse}\n')
    ex = load_examples(path)
    assert [(e.text, e.level, e.category, e.topic, e.line) for e in ex] == [
        ("hi", "none", None, "greet", 3), ("he hit me", "high", "domestic_abuse", "service_domestic_abuse", 6)]


@pytest.mark.parametrize("body, line, words", [
    ('version: 1\nexamples:\n  - text: "hi"\n    topic: greet\n    risk: urgent\n', 5, "risk must be"),
    ('version: 1\nexamples:\n  - text: "hi"\n    topic: greet\n', 3, "risk must be"),
    ('version: 1\nexamples:\n  - text: ""\n    topic: greet\n    risk: none\n', 3, "text"),
    ('version: 2\nexamples: []\n', 1, "version"),
    ('version: 1\nexamples:\n  - text: "a"\n    topic: greet\n    risk: none\n    colour: red\n', 3, "unknown key"),
    ('version: 1\nexamples:\n  - text: "a\n    topic: greet\n', 5, "invalid YAML"),
    ('version: 1\nexamples:\n  - {text: a, topic: greet, risk: high, category: sadness}\n', 3, "category"),
])
def test_bad_files_name_the_line(tmp_path, body, line, words):
    with pytest.raises(ExampleFileError) as err:
        load_examples(write(tmp_path, body))
    assert f":{line}:" in str(err.value)
    assert words in str(err.value)


def test_unknown_topic_when_topics_given(tmp_path):
    path = write(tmp_path, 'version: 1\nexamples:\n  - {text: a, topic: weather, risk: none}\n')
    assert load_examples(path)[0].topic == "weather"
    with pytest.raises(ExampleFileError, match=":3: unknown or missing topic"):
        load_examples(path, topics={"greet"})


def test_shipped_files_are_valid_and_disjoint():
    from bot.evaluation import load_topic_ids
    from pathlib import Path
    REPO = Path(__file__).resolve().parents[2]
    topics = set(load_topic_ids())
    train = load_training(REPO / "data/risk", topics=topics)
    dev = load_examples(REPO / "eval/risk_dev.yml", topics=topics)
    assert len(dev) >= 400
    held_out = [e for path in sorted((REPO / "eval").glob("risk_*.yml"))
                for e in load_examples(path, topics=topics)]
    assert not {e.text.lower() for e in train} & {e.text.lower() for e in held_out}
    for data in (train, dev):
        assert {e.level for e in data} == {"none", "concern", "high", "critical"}
        assert {e.category for e in data if e.category} == {
            "self_harm", "domestic_abuse", "child_at_risk", "acute_hardship", "medical_emergency",
            "not_coping"}
