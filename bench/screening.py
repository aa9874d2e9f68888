"""Cost of the risk screen per message, beside the whole NLU parse it is part of (same run)."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Dict, List

import yaml

from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent
GOAL_SCREEN_P95_MS = 5.0


def dev_texts() -> List[str]:
    texts: List[str] = []
    for name in ("risk_dev.yml", "topics_dev.yml"):
        texts += [e["text"] for e in yaml.safe_load((ROOT / "eval" / name).read_text())["examples"]]
    return texts


def measure_screening(model_path: Path) -> Dict[str, object]:
    from rasa.core.agent import Agent

    from bot.evaluation import quiet_rasa
    from bot.risk import RiskScreen, load_examples, load_training

    quiet_rasa()
    texts = dev_texts()
    screen = RiskScreen.train([(e.text, e.level, e.category) for e in load_training(ROOT / "data/risk")])
    for text in texts[:50]:
        screen.screen(text)
    screen_times = []
    for text in texts:
        start = time.perf_counter()
        screen.screen(text)
        screen_times.append(time.perf_counter() - start)

    agent = Agent.load(str(model_path))

    async def parse_all() -> List[float]:
        for text in texts[:50]:
            await agent.parse_message(text)
        times = []
        for text in texts:
            start = time.perf_counter()
            await agent.parse_message(text)
            times.append(time.perf_counter() - start)
        return times

    parse_times = asyncio.run(parse_all())
    screen_stats, parse_stats = summary(screen_times), summary(parse_times)
    return {
        "messages": len(texts),
        "screen": screen_stats,
        "whole_nlu_parse": parse_stats,
        "screen_share_of_parse_p50": round(screen_stats["p50_ms"] / parse_stats["p50_ms"], 3),
        "goal_screen_p95_ms": {"value": screen_stats["p95_ms"], "goal": GOAL_SCREEN_P95_MS,
                               "met": screen_stats["p95_ms"] <= GOAL_SCREEN_P95_MS},
    }
