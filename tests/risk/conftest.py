import os
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
REPO = Path(__file__).resolve().parents[2]
TRAIN_FILE = REPO / "data" / "risk" / "train.yml"


@pytest.fixture(scope="session")
def rules_screen():
    from bot.risk import RiskScreen
    return RiskScreen.rules_only()


@pytest.fixture(scope="session")
def trained_screen():
    from bot.risk import RiskScreen, load_examples
    return RiskScreen.train(load_examples(TRAIN_FILE))
