"""Rules and the learned model together: the higher level wins, within guards."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .model import RiskModel
from .rules import LEVELS, RANK, RuleSet

# The model's thresholds were chosen on messages from writers it never saw, then the model
# alone was held back where everyday messages showed false alarms ("thats me for tonight,
# night" raised to high): see README, "Measured". Lower ones catch more unseen wording.
MODEL_URGENT = 0.7    # P(urgent) for the model to raise to high where the rules saw something
WORD_AGREEMENT = 0.5  # minimum word-only P(urgent) for the model to raise to high
ALONE_URGENT = 0.7    # P(urgent), and word-only P(urgent), where the rules saw nothing at all
ALONE_MIN_WORDS = 6   # ... and only on a message of this many words or more
MIN_WORDS = 3         # the model raises nothing on shorter messages
CRITICAL_MODEL = 0.7  # the model raising high to critical (validated on a writer it never saw)
URGENT_CATEGORIES = ("self_harm", "domestic_abuse", "child_at_risk", "acute_hardship",
                     "medical_emergency")


@dataclass(frozen=True)
class RiskResult:
    level: str               # "none" | "concern" | "high" | "critical"
    category: str | None
    reasons: tuple[str, ...]
    score: float             # model probability of urgent (0..1)
    escalated: bool = False  # raised or flagged by the conversation history

    @property
    def urgent(self) -> bool:
        return self.level in ("high", "critical")

    def as_dict(self) -> dict:
        return {"level": self.level, "category": self.category,
                "reasons": [str(r) for r in self.reasons], "score": round(float(self.score), 4),
                "urgent": self.urgent, "escalated": bool(self.escalated)}

    @classmethod
    def from_dict(cls, data: dict) -> "RiskResult":
        level = data.get("level") if data.get("level") in LEVELS else "none"
        return cls(level, data.get("category"), tuple(data.get("reasons") or ()),
                   float(data.get("score") or 0.0), bool(data.get("escalated")))


_RULES: RuleSet | None = None


def shared_rules() -> RuleSet:
    """One compiled RuleSet per process (built on first use, not at import)."""
    global _RULES
    if _RULES is None:
        _RULES = RuleSet()
    return _RULES


class RiskScreen:
    def __init__(self, model: RiskModel | None = None, rules: RuleSet | None = None) -> None:
        self.rules = rules or shared_rules()
        self.model = model

    @classmethod
    def rules_only(cls) -> "RiskScreen":
        return cls(None)

    @classmethod
    def train(cls, examples: Iterable[Sequence]) -> "RiskScreen":
        """Train on (text, level, category) triples (or loaded Example tuples)."""
        rules = shared_rules()
        texts, levels, cats = [], [], []
        for ex in examples:
            text, level, category = ex[0], ex[1], ex[2]
            if level not in LEVELS:
                raise ValueError(f"unknown risk level {level!r} for {text!r}")
            texts.append(rules.prepare(text)[0])
            levels.append(level)
            cats.append(category)
        return cls(RiskModel.train(texts, levels, cats), rules)

    def persist(self, directory: Path) -> None:
        if self.model is None:
            Path(directory).mkdir(parents=True, exist_ok=True)
            return
        self.model.persist(Path(directory))

    @classmethod
    def load(cls, directory: Path) -> "RiskScreen":
        from .model import MODEL_FILE
        if not (Path(directory) / MODEL_FILE).exists():
            return cls.rules_only()
        return cls(RiskModel.load(Path(directory)))

    def _model_level(self, pred, rule_level: str, n_words: int) -> str:
        """The level the model asks for, before the caps applied in screen()."""
        t = self.model.thresholds
        if n_words < MIN_WORDS:  # "no", "n", "ok": too little to judge
            return "none"
        # "high" needs the word-only model to agree, so that a look-alike word
        # ("violin" ~ "violent") cannot raise an alarm through character n-grams alone;
        # where the rules saw nothing at all it needs near-certainty and a real sentence
        if pred.p_urgent >= MODEL_URGENT and pred.p_urgent_words >= WORD_AGREEMENT and (
                rule_level != "none" or (pred.p_urgent >= ALONE_URGENT
                                         and pred.p_urgent_words >= ALONE_URGENT
                                         and n_words >= ALONE_MIN_WORDS)):
            return "high"
        if pred.p_any >= t["concern"] or pred.p_urgent >= MODEL_URGENT:
            return "concern"
        return "none"

    def screen(self, text: str) -> RiskResult:
        rr = self.rules.screen(text if isinstance(text, str) else str(text or ""))
        level, category, reasons = rr.level, rr.category, list(rr.reasons)
        if not rr.clean.strip():
            return RiskResult("none", None, ("empty message",), 0.0)
        if self.model is None:
            return RiskResult(level, category, tuple(reasons), 0.0)
        pred = self.model.predict(rr.clean, categories=False)
        p_urgent = pred.p_urgent
        wanted = self._model_level(pred, level, len(rr.clean.split()))
        # guard: the model alone reaches at most high, and at most concern where the
        # rules saw an idiom, a negation or a joke and found nothing urgent themselves
        cap = "concern" if rr.suppressed and RANK[level] < RANK["high"] else "high"
        if RANK[wanted] > RANK[cap]:
            wanted = cap
        if RANK[wanted] > RANK[level]:
            cats = self.model.predict(rr.clean).categories
            pool = URGENT_CATEGORIES if wanted == "high" else tuple(cats)
            best = max((c for c in cats if c in pool), key=cats.get, default=None)
            if wanted == "concern" and category is None:
                category = best or "not_coping"
            elif wanted == "high":
                category = best or category or "self_harm"
            reasons.append(f"model p={p_urgent:.2f} raised {level} -> {wanted}")
            level = wanted
        else:
            reasons.append(f"model p={p_urgent:.2f}")
        if level == "high" and pred.p_critical >= CRITICAL_MODEL and not rr.suppressed:
            reasons.append(f"model p(critical)={pred.p_critical:.2f} raised high -> critical")
            level = "critical"
        return RiskResult(level, category, tuple(reasons), p_urgent)
