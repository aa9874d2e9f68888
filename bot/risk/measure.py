"""`python -m bot.risk.measure FILE...`: score the risk screen alone on labelled files.

Trains on data/risk/ (or --train FILE_OR_DIR), screens every example and prints per-level
recall/precision, urgent recall/precision, the false-alarm rate and latency. Faster than
the full `bot eval` (no Rasa pipeline); the metrics are bot.evaluation's.
"""
from __future__ import annotations

import argparse
import time

from bot.evaluation import risk_metrics

from .examples import load_examples, load_training
from .screen import RiskScreen


def measure(screen: RiskScreen, path: str, show_misses: bool = False) -> dict:
    examples = load_examples(path)
    pred, cpu = [], []
    for ex in examples:
        t0 = time.thread_time()
        result = screen.screen(ex.text)
        cpu.append(time.thread_time() - t0)
        pred.append(result.level)
        if show_misses and result.level != ex.level:
            print(f"  {ex.level:8} -> {result.level:8} {ex.text!r}")
    metrics = risk_metrics([ex.level for ex in examples], pred)
    cpu.sort()
    metrics["cpu_ms_p95"] = round(1000 * cpu[int(0.95 * (len(cpu) - 1))], 3) if cpu else 0.0
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--train", default="data/risk")
    parser.add_argument("--misses", action="store_true", help="print every wrong level")
    args = parser.parse_args(argv)
    screen = RiskScreen.train(load_training(args.train))
    for path in args.files:
        m = measure(screen, path, args.misses)
        print(f"{path}: recall {m['recall']} precision {m['precision']}")
        print(f"  urgent recall {m['urgent_recall']} precision {m['urgent_precision']} "
              f"false-alarm {m['false_alarm_rate']} cpu p95 {m['cpu_ms_p95']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
