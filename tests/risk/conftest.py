import os
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
REPO = Path(__file__).resolve().parents[2]
TRAIN_DATA = REPO / "data" / "risk"


@pytest.fixture(scope="session")
def rules_screen():
    from bot.risk import RiskScreen
    return RiskScreen.rules_only()


@pytest.fixture(scope="session")
def trained_screen():
    from bot.risk import RiskScreen, load_training
    return RiskScreen.train(load_training(TRAIN_DATA))
