"""The learned part of the screen: TF-IDF word + char n-grams, logistic regression.

Small classifiers share one feature space: urgent (high or critical) vs not, critical vs
not, any risk (concern or above) vs none, and the category of risky messages.
The concern threshold is calibrated by cross-validation on the training data only; the urgent
and critical thresholds were chosen on writers the model never saw (bot/risk/screen.py).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import joblib
import numpy as np

MODEL_FILE = "risk_model.joblib"
META_FILE = "risk_model.json"
FORMAT_VERSION = 2


def _features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                 token_pattern=r"[^ |]+", min_df=1)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                 min_df=2)),
    ])


def _lr(c: float = 4.0):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear")


def _calibrate(p: np.ndarray, positive: np.ndarray, negative_none: np.ndarray,
               min_precision: float, max_false_alarm: float, floor: float) -> float:
    """Smallest threshold whose out-of-fold precision and false-alarm rate are acceptable."""
    for t in np.arange(floor, 0.991, 0.01):
        flagged = p >= t
        if not flagged.any():
            return float(t)
        precision = (flagged & positive).sum() / flagged.sum()
        false_alarm = (flagged & negative_none).sum() / max(1, negative_none.sum())
        if precision >= min_precision and false_alarm <= max_false_alarm:
            return float(round(t, 2))
    return 0.99


class Prediction(NamedTuple):
    p_urgent: float                 # word + char n-gram model
    p_any: float                    # concern or above
    p_urgent_words: float           # word n-grams only: guards against look-alike words
    categories: dict[str, float]    # empty unless asked for
    p_critical: float = 0.0         # danger to life now


@dataclass
class RiskModel:
    features: object
    urgent: object
    any_risk: object
    category: object | None
    urgent_words: object = None
    critical: object = None
    thresholds: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    _fast: object = field(default=None, repr=False, compare=False)

    @classmethod
    def train(cls, texts: list[str], levels: list[str], categories: list[str | None],
              folds: int = 5, seed: int = 0) -> "RiskModel":
        y_urgent = np.array([lvl in ("high", "critical") for lvl in levels])
        y_any = np.array([lvl != "none" for lvl in levels])
        y_critical = np.array([lvl == "critical" for lvl in levels])
        is_none = ~y_any
        if y_urgent.all() or not y_urgent.any() or y_any.all():
            raise ValueError("training data needs risk 'none' and urgent (high/critical) examples")
        oof_a = cls._out_of_fold(texts, y_urgent, y_any, folds, seed)
        thresholds = {"concern": _calibrate(oof_a, y_any, is_none, 0.85, 0.02, 0.5)}
        feats = _features()
        x = feats.fit_transform(texts)
        urgent = _lr().fit(x, y_urgent)
        any_risk = _lr().fit(x, y_any)
        n_word = len(feats.transformer_list[0][1].vocabulary_)
        urgent_words = _lr().fit(x[:, :n_word], y_urgent)
        critical = _lr().fit(x, y_critical) if y_critical.any() else None
        cat_idx = [i for i, c in enumerate(categories) if c and levels[i] != "none"]
        category = None
        if len({categories[i] for i in cat_idx}) >= 2:
            category = _lr().fit(x[cat_idx], [categories[i] for i in cat_idx])
        stats = {"n": len(texts), "urgent": int(y_urgent.sum()), "any": int(y_any.sum())}
        return cls(feats, urgent, any_risk, category, urgent_words, critical, thresholds, stats)

    @staticmethod
    def _out_of_fold(texts, y_urgent, y_any, folds, seed):
        """Out-of-fold P(any risk) for every training text."""
        from sklearn.model_selection import StratifiedKFold
        strata = y_urgent.astype(int) + y_any.astype(int)
        oof_a = np.zeros(len(texts))
        k = max(2, min(folds, int(np.bincount(strata).min())))
        for tr, te in StratifiedKFold(k, shuffle=True, random_state=seed).split(texts, strata):
            feats = _features()
            x_tr = feats.fit_transform([texts[i] for i in tr])
            x_te = feats.transform([texts[i] for i in te])
            oof_a[te] = _lr().fit(x_tr, y_any[tr]).predict_proba(x_te)[:, 1]
        return oof_a

    def predict(self, text: str, categories: bool = True) -> Prediction:
        """Probabilities for one normalised text (categories only when asked)."""
        scorer = self._scorer()
        feats = scorer.features(text)
        p_u = _sigmoid(scorer.dot(feats, "urgent"))
        p_a = _sigmoid(scorer.dot(feats, "any_risk"))
        p_w = _sigmoid(scorer.dot(feats, "urgent_words"))
        p_c = _sigmoid(scorer.dot(feats, "critical")) if "critical" in scorer.weights else 0.0
        cats: dict[str, float] = {}
        if categories and self.category is not None:
            raw = {str(c): _sigmoid(scorer.dot(feats, f"cat:{c}")) for c in self.category.classes_}
            total = sum(raw.values()) or 1.0
            cats = {c: v / total for c, v in raw.items()}
        return Prediction(p_u, p_a, p_w, cats, p_c)

    def _scorer(self) -> "_FastScorer":
        if getattr(self, "_fast", None) is None:
            self._fast = _FastScorer(self)
        return self._fast

    def persist(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump({"version": FORMAT_VERSION, "features": self.features, "urgent": self.urgent,
                     "any_risk": self.any_risk, "category": self.category,
                     "urgent_words": self.urgent_words, "critical": self.critical,
                     "thresholds": self.thresholds, "stats": self.stats},
                    directory / MODEL_FILE)
        (directory / META_FILE).write_text(json.dumps(
            {"version": FORMAT_VERSION, "thresholds": self.thresholds, "stats": self.stats},
            indent=2))

    @classmethod
    def load(cls, directory: Path) -> "RiskModel":
        data = joblib.load(Path(directory) / MODEL_FILE)
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported risk model version {data.get('version')!r}")
        return cls(data["features"], data["urgent"], data["any_risk"], data["category"],
                   data["urgent_words"], data["critical"], data["thresholds"], data.get("stats", {}))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class _FastScorer:
    """Scores one text with the fitted vectorizers' analyzers and the linear weights,
    avoiding scikit-learn's per-call overhead (the same numbers, ~20x faster)."""

    def __init__(self, model: RiskModel) -> None:
        self.parts = []  # (analyzer, vocabulary, idf, offset)
        offset = 0
        for _, vec in model.features.transformer_list:
            self.parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset))
            offset += len(vec.vocabulary_)
        self.weights = {"urgent": (model.urgent.coef_[0], float(model.urgent.intercept_[0])),
                        "any_risk": (model.any_risk.coef_[0], float(model.any_risk.intercept_[0]))}
        if model.critical is not None:
            self.weights["critical"] = (model.critical.coef_[0], float(model.critical.intercept_[0]))
        word_coef = model.urgent_words.coef_[0]  # zero weights for the char block
        self.weights["urgent_words"] = (
            np.concatenate([word_coef, np.zeros(offset - len(word_coef))]),
            float(model.urgent_words.intercept_[0]))
        if model.category is not None:
            coefs = model.category.coef_
            if len(model.category.classes_) == 2:  # binary: one row for the second class
                coefs = np.vstack([-coefs[0], coefs[0]])
                intercepts = [-model.category.intercept_[0], model.category.intercept_[0]]
            else:
                intercepts = model.category.intercept_
            for c, row, b in zip(model.category.classes_, coefs, intercepts):
                self.weights[f"cat:{c}"] = (row, float(b))

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        out: list[tuple[int, float]] = []
        for analyzer, vocab, idf, offset in self.parts:
            counts: dict[int, int] = {}
            for gram in analyzer(text):
                j = vocab.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            vals = [(j, (1.0 + math.log(n)) * idf[j]) for j, n in counts.items()]
            norm = math.sqrt(sum(v * v for _, v in vals)) or 1.0
            out.extend((offset + j, v / norm) for j, v in vals)
        idx = np.fromiter((j for j, _ in out), dtype=np.int64, count=len(out))
        val = np.fromiter((v for _, v in out), dtype=np.float64, count=len(out))
        return idx, val

    def dot(self, feats: tuple[np.ndarray, np.ndarray], name: str) -> float:
        coef, intercept = self.weights[name]
        idx, val = feats
        return intercept + float(coef[idx] @ val)
