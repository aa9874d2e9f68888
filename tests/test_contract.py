"""The assistant covers every topic of shared/contract/topics.yml, and our copy of the ids matches it."""
import os

import pytest
from ruamel.yaml import YAML

from bot.evaluation import CONTRACT_TOPICS
from bot.settings import PROJECT_ROOT

CONTRACT = PROJECT_ROOT.parent / "shared" / "contract" / "topics.yml"


@pytest.fixture(scope="module")
def contract():
    if not CONTRACT.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CONTRACT} is missing")
        pytest.skip("shared/ is not beside this checkout")
    return YAML(typ="safe").load(CONTRACT.read_text())


def test_every_contract_topic_is_an_intent_with_rules(contract):
    domain = YAML(typ="safe").load((PROJECT_ROOT / "domain.yml").read_text())
    assert set(contract["topics"]) <= set(domain["intents"])
    rules_text = "".join(p.read_text() for p in (PROJECT_ROOT / "data" / "rules").glob("*.yml"))
    for topic in contract["topics"]:
        assert f"intent: {topic}\n" in rules_text, f"no rule answers {topic}"


def test_built_in_topic_list_matches_the_contract(contract):
    assert tuple(contract["topics"]) == tuple(CONTRACT_TOPICS)


def test_risk_levels_match(contract):
    from bot.risk import LEVELS

    assert tuple(contract["risk_levels"]) == tuple(LEVELS)
