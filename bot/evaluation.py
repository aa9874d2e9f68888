"""`python -m bot eval DATA OUT`: run labelled examples through the trained assistant.

Every example goes through the real pipeline (`Agent.parse_message`); the predicted
intent is mapped onto a contract topic and the risk level is read from
`parse_data["risk"]`. The metric functions below are pure and unit-tested.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from bot.risk.examples import ExampleFileError, load_examples

LEVELS = ("none", "concern", "high", "critical")
URGENT = frozenset({"high", "critical"})
FALLBACK_TOPIC = "out_of_scope"
# The contract's topic ids (contract/topics.yml); read from the file when it can be found.
CONTRACT_TOPICS = (
    "greet goodbye thanks bot_challenge capabilities request_hwbl out_of_scope checkin_good "
    "checkin_mixed checkin_struggling feeling_bad_parent fear_social_services lonely "
    "form_free_school_meals form_uniform_grant form_send_ehcp form_absence form_term_time_leave "
    "form_admissions form_childcare_funding form_benefits form_general_help service_food "
    "service_housing service_mental_health service_domestic_abuse service_bereavement "
    "service_send_support service_child_mental_health service_behaviour service_sleep "
    "service_bullying service_online_safety service_family_legal service_health "
    "school_breakfast_club school_homework_help school_contact").split()


# ---------------------------------------------------------------- pure metrics
def _ratio(num: int, den: int, empty: float) -> float:
    return round(num / den, 4) if den else empty


def risk_metrics(true: Sequence[str], pred: Sequence[str]) -> dict:
    """Per-level recall/precision (concern, high, critical), urgent recall/precision,
    false-alarm rate and confusion (true level -> predicted level -> count).

    An empty denominator gives 1.0 for recall (nothing to miss) and for precision when
    the level is absent from the truth too, 0.0 for precision of a level that was
    present but never predicted, and 0.0 for the false-alarm rate."""
    if len(true) != len(pred):
        raise ValueError("true and predicted lists differ in length")
    pairs = list(zip(true, pred))
    recall, precision = {}, {}
    for level in ("concern", "high", "critical"):
        tp = sum(1 for t, p in pairs if t == level and p == level)
        n_true = sum(1 for t, _ in pairs if t == level)
        n_pred = sum(1 for _, p in pairs if p == level)
        recall[level] = _ratio(tp, n_true, 1.0)
        precision[level] = _ratio(tp, n_pred, 1.0 if n_true == 0 else 0.0)
    u_tp = sum(1 for t, p in pairs if t in URGENT and p in URGENT)
    u_true = sum(1 for t, _ in pairs if t in URGENT)
    u_pred = sum(1 for _, p in pairs if p in URGENT)
    n_none = sum(1 for t, _ in pairs if t == "none")
    false_alarms = sum(1 for t, p in pairs if t == "none" and p in URGENT)
    confusion = {t: {p: 0 for p in LEVELS} for t in LEVELS}
    for t, p in pairs:
        confusion.setdefault(t, {q: 0 for q in LEVELS})
        confusion[t][p] = confusion[t].get(p, 0) + 1
    return {
        "recall": recall,
        "precision": precision,
        "urgent_recall": _ratio(u_tp, u_true, 1.0),
        "urgent_precision": _ratio(u_tp, u_pred, 1.0 if u_true == 0 else 0.0),
        "false_alarm_rate": _ratio(false_alarms, n_none, 0.0),
        "confusion": confusion,
    }


def topic_metrics(true: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy, macro F1 and per-topic precision/recall/F1/support.

    Topics are the union of true and predicted ones (as scikit-learn's macro average);
    a topic never predicted has precision 0, one with no true examples recall 0."""
    if len(true) != len(pred):
        raise ValueError("true and predicted lists differ in length")
    pairs = list(zip(true, pred))
    per_topic = {}
    for topic in sorted(set(true) | set(pred)):
        tp = sum(1 for t, p in pairs if t == topic and p == topic)
        support = sum(1 for t, _ in pairs if t == topic)
        n_pred = sum(1 for _, p in pairs if p == topic)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_topic[topic] = {"precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4), "support": support}
    correct = sum(1 for t, p in pairs if t == p)
    macro = sum(v["f1"] for v in per_topic.values()) / len(per_topic) if per_topic else 0.0
    return {"accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
            "macro_f1": round(macro, 4), "per_topic": per_topic}


def map_intent(intent: str | None, topics: Iterable[str]) -> str:
    """Intent names equal topic ids; anything else (nlu_fallback, affirm...) is out_of_scope."""
    return intent if intent and intent in set(topics) else FALLBACK_TOPIC


def build_report(true_levels, pred_levels, true_topics, pred_topics) -> dict:
    return {"n": len(true_levels), "risk": risk_metrics(true_levels, pred_levels),
            "topic": topic_metrics(true_topics, pred_topics)}


def format_table(report: dict) -> str:
    risk = report["risk"]
    lines = [f"examples: {report['n']}", "", "risk level   recall  precision"]
    for level in ("concern", "high", "critical"):
        lines.append(f"  {level:10} {risk['recall'][level]:6.3f}  {risk['precision'][level]:9.3f}")
    lines += [f"  urgent     {risk['urgent_recall']:6.3f}  {risk['urgent_precision']:9.3f}",
              f"false-alarm rate (none -> high/critical): {risk['false_alarm_rate']:.3f}", "",
              "confusion (rows true, columns predicted)",
              "           " + " ".join(f"{p:>8}" for p in LEVELS)]
    for t in LEVELS:
        row = risk["confusion"].get(t, {})
        lines.append(f"  {t:8} " + " ".join(f"{row.get(p, 0):8d}" for p in LEVELS))
    topic = report["topic"]
    lines += ["", f"topic accuracy {topic['accuracy']:.3f}   macro F1 {topic['macro_f1']:.3f}",
              f"  {'topic':30} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>4}"]
    for name, m in topic["per_topic"].items():
        lines.append(f"  {name:30} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['support']:4d}")
    return "\n".join(lines)


# ---------------------------------------------------------------- running the assistant
def load_topic_ids() -> tuple[str, ...]:
    """Topic ids from contract/topics.yml if it can be found, else the built-in list."""
    import yaml
    here = Path(__file__).resolve().parent.parent
    for candidate in (os.environ.get("TOPICS_FILE"), here / "contract" / "topics.yml",
                      here.parent / "shared" / "contract" / "topics.yml"):
        if candidate and Path(candidate).is_file():
            try:
                topics = yaml.safe_load(Path(candidate).read_text()).get("topics") or {}
                if topics:
                    return tuple(topics)
            except Exception:  # noqa: BLE001 - a broken copy falls back to the built-in list
                pass
    return tuple(CONTRACT_TOPICS)


def _latest_model(models_dir: Path = Path("models")) -> Path:
    from rasa.model import get_latest_model
    found = get_latest_model(str(models_dir))
    if not found:
        raise FileNotFoundError(f"no trained model in {models_dir}/ (run rasa train first)")
    return Path(found)


def quiet_rasa() -> None:
    """Keep Rasa's per-message debug lines out of the report on stdout."""
    import logging
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        from rasa.utils.log_utils import configure_structlog
        configure_structlog(logging.WARNING)
    except Exception:  # noqa: BLE001 - only cosmetic
        pass
    for name in ("rasa", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _parse_all(agent, texts: list[str]) -> list[dict]:
    return [await agent.parse_message(text) for text in texts]


def run_eval(data_path: Path, out_path: Path, model_path: Path | None = None) -> dict:
    """Evaluate a labelled file through the trained assistant; write and return the report.

    Raises ExampleFileError (naming the line) on a bad data file."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    topics = load_topic_ids()
    examples = load_examples(Path(data_path), topics=set(topics))
    if not examples:
        raise ExampleFileError(f"{data_path}:1: no examples")
    quiet_rasa()
    from rasa.core.agent import Agent
    agent = Agent.load(str(model_path or _latest_model()))
    parsed = asyncio.run(_parse_all(agent, [ex.text for ex in examples]))
    pred_levels, pred_topics, missing = [], [], 0
    for data in parsed:
        risk = data.get("risk") or {}
        level = risk.get("level") if isinstance(risk, dict) else None
        if level not in LEVELS:
            missing += 1
            level = "none"
        pred_levels.append(level)
        pred_topics.append(map_intent((data.get("intent") or {}).get("name"), topics))
    if missing:
        print(f"warning: {missing} messages had no risk result (is RiskScreenComponent in "
              f"the pipeline?)", file=sys.stderr)
    report = build_report([ex.level for ex in examples], pred_levels,
                          [ex.topic for ex in examples], pred_topics)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2) + "\n")
    print(format_table(report))
    return report


def main(argv: Sequence[str]) -> int:
    """Entry point for the CLI: `eval DATA OUT [MODEL]`; returns the exit code."""
    if len(argv) not in (2, 3):
        print("usage: python -m bot eval DATA OUT [MODEL]", file=sys.stderr)
        return 2
    try:
        run_eval(Path(argv[0]), Path(argv[1]), Path(argv[2]) if len(argv) == 3 else None)
    except ExampleFileError as exc:
        print(f"error: bad data file: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
