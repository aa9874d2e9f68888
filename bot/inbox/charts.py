"""Small SVG charts drawn on the server: no script, no external library, every label escaped."""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from bot.inbox.render import Safe, fill, join

COLOURS = {"critical": "#a00", "high": "#d97a00", "concern": "#1d5c63", "request": "#7a8a99"}
BAR = "#1d5c63"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], highlight: Sequence[bool] = (),
              width: int = 640, height: int = 220) -> Safe:
    """Vertical bars; `highlight` marks bars drawn in the alert colour (e.g. out of hours)."""
    top, bottom, left = 24, 36, 8
    peak = max(values, default=0) or 1
    slot = min((width - 2 * left) / max(len(values), 1), 120)
    parts: List[Safe] = []
    for index, (label, value) in enumerate(zip(labels, values)):
        bar_height = (height - top - bottom) * value / peak
        x = left + index * slot
        colour = COLOURS["high"] if index < len(highlight) and highlight[index] else BAR
        parts.append(fill('<rect x="$x" y="$y" width="$w" height="$h" fill="$c"><title>$label: $value</title></rect>',
                          x=f"{x + 1:.1f}", y=f"{height - bottom - bar_height:.1f}", w=f"{max(slot - 2, 1):.1f}",
                          h=f"{bar_height:.1f}", c=colour, label=label, value=_number(value)))
        if len(labels) <= 12 or index % 3 == 0:
            parts.append(fill('<text x="$x" y="$y" font-size="16" text-anchor="middle">$label</text>',
                              x=f"{x + slot / 2:.1f}", y=height - bottom + 18, label=label))
    return _svg(title, width, height, join(parts), f"highest {_number(peak if values and max(values) else 0)}")


def stacked_bars(title: str, labels: Sequence[str], series: Dict[str, Sequence[int]],
                 width: int = 640, height: int = 240) -> Safe:
    """One bar a label, stacked by series (e.g. cases a week by level), with a legend."""
    top, bottom, left = 36, 36, 8
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    slot = (width - 2 * left) / max(len(labels), 1)
    parts: List[Safe] = []
    for index, label in enumerate(labels):
        x, base = left + index * slot, height - bottom
        for name, values in series.items():
            h = (height - top - bottom) * values[index] / peak
            if h:
                parts.append(fill('<rect x="$x" y="$y" width="$w" height="$h" fill="$c"><title>$label $name: $n</title></rect>',
                                  x=f"{x + 1:.1f}", y=f"{base - h:.1f}", w=f"{max(slot - 2, 1):.1f}", h=f"{h:.1f}",
                                  c=COLOURS.get(name, BAR), label=label, name=name, n=values[index]))
                base -= h
        parts.append(fill('<text x="$x" y="$y" font-size="14" text-anchor="middle">$label</text>',
                          x=f"{x + slot / 2:.1f}", y=height - bottom + 18, label=label))
    for index, name in enumerate(series):
        parts.append(fill('<rect x="$x" y="4" width="14" height="14" fill="$c"></rect>'
                          '<text x="$tx" y="16" font-size="16">$name</text>',
                          x=left + index * 120, tx=left + index * 120 + 18, c=COLOURS.get(name, BAR), name=name))
    return _svg(title, width, height, join(parts), f"highest {peak}")


def dots_over_time(title: str, points: Sequence[Tuple[str, str]], levels: Sequence[str],
                   width: int = 640, height: int = 160) -> Safe:
    """One dot a point (label, level), left to right in time, higher for a more urgent level."""
    left, right, top, bottom = 70, 16, 16, 24
    rows = {level: top + i * (height - top - bottom) / max(len(levels) - 1, 1) for i, level in enumerate(levels)}
    step = (width - left - right) / max(len(points) - 1, 1)
    parts = [fill('<text x="4" y="$y" font-size="14">$level</text>', y=f"{y + 4:.1f}", level=level)
             for level, y in rows.items()]
    for index, (label, level) in enumerate(points):
        x = left + (index * step if len(points) > 1 else (width - left - right) / 2)
        parts.append(fill('<circle cx="$x" cy="$y" r="6" fill="$c"><title>$label: $level</title></circle>',
                          x=f"{x:.1f}", y=f"{rows.get(level, rows[levels[-1]]):.1f}", c=COLOURS.get(level, BAR),
                          label=label, level=level))
    return _svg(title, width, height, join(parts), f"{len(points)} in all")


def _svg(title: str, width: int, height: int, body: Safe, summary: str) -> Safe:
    return fill('<figure><svg class="chart" viewBox="0 0 $w $h" role="img" aria-label="$title, $summary" '
                'xmlns="http://www.w3.org/2000/svg"><title>$title</title>$body</svg><figcaption>$title</figcaption></figure>',
                w=width, h=height, title=title, summary=summary, body=body)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
