"""Small statistics over latencies (seconds in, milliseconds out)."""
from __future__ import annotations

from typing import Dict, List, Optional


def percentile(values: List[float], pct: float) -> Optional[float]:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(latencies: List[float]) -> Dict[str, object]:
    def ms(value: Optional[float]) -> Optional[float]:
        return None if value is None else round(value * 1000, 1)

    return {
        "turns": len(latencies),
        "p50_ms": ms(percentile(latencies, 50)),
        "p95_ms": ms(percentile(latencies, 95)),
        "mean_ms": ms(sum(latencies) / len(latencies)) if latencies else None,
        "max_ms": ms(max(latencies)) if latencies else None,
    }


def ratio(ours: Optional[float], baseline: Optional[float]) -> Optional[float]:
    if ours is None or not baseline:
        return None
    return round(ours / baseline, 2)
