"""Risk screen for parents' messages: rules plus a small learned model.

    screen = RiskScreen.load(directory)      # or RiskScreen.rules_only()
    result = screen.screen("im not suicidal just knackered")
    result.level, result.category, result.reasons, result.score
"""
from .examples import CATEGORIES, Example, ExampleFileError, load_examples, load_training, training_files
from .history import escalate_for_history
from .rules import LEVELS
from .screen import RiskResult, RiskScreen

__all__ = ["CATEGORIES", "LEVELS", "Example", "ExampleFileError", "RiskResult", "RiskScreen",
           "escalate_for_history", "load_examples", "load_training", "training_files"]
