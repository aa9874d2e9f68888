"""Accumulation over a conversation (pure functions)."""
from __future__ import annotations

from dataclasses import replace

from .rules import RANK
from .screen import RiskResult

RUN_FOR_HANDOFF = 3   # this many messages in a row at concern or above -> routine handoff
SELF_HARM_HINTS = 3   # this many self-harm hints in the window -> high
WINDOW = 6


def escalate_for_history(previous: list[RiskResult], latest: RiskResult) -> RiskResult:
    """Return `latest`, raised or flagged when the conversation so far calls for it.

    - latest at concern and the two before it at concern or above: routine handoff
      (`escalated=True`, level at least concern), noted in reasons.
    - latest at concern about self-harm and at least three self-harm hints
      (concern or above) in the last few messages: raised to high.
    Never lowers anything; pure (no state)."""
    if RANK.get(latest.level, 0) >= RANK["high"] or RANK.get(latest.level, 0) < RANK["concern"]:
        return latest
    run = 1
    for result in reversed(previous):
        if RANK.get(result.level, 0) < RANK["concern"]:
            break
        run += 1
    recent = list(previous[-(WINDOW - 1):]) + [latest]
    hints = sum(1 for r in recent
                if r.category == "self_harm" and RANK.get(r.level, 0) >= RANK["concern"])
    if latest.category == "self_harm" and hints >= SELF_HARM_HINTS:
        return replace(latest, level="high", escalated=True, reasons=latest.reasons + (
            f"history: {hints} self-harm hints in the last {len(recent)} messages -> high",))
    if run >= RUN_FOR_HANDOFF:
        return replace(latest, escalated=True, reasons=latest.reasons + (
            f"history: {run} messages in a row at concern or above -> routine handoff",))
    return latest
