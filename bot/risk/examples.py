"""Reading labelled example files (the contract's evaluation format)."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

LEVELS = ("none", "concern", "high", "critical")
CATEGORIES = ("self_harm", "domestic_abuse", "child_at_risk", "acute_hardship",
              "medical_emergency", "not_coping")


class ExampleFileError(ValueError):
    """A labelled example file is malformed; the message names file and line."""


class Example(NamedTuple):
    text: str
    level: str
    category: str | None
    topic: str
    line: int


def _fail(path: Path, line: int, message: str) -> ExampleFileError:
    return ExampleFileError(f"{path}:{line}: {message}")


class _Values:
    """Turns composed YAML nodes into Python values (keeping the nodes' line marks)."""

    def __init__(self) -> None:
        self._loader = yaml.SafeLoader("")

    def __call__(self, node) -> object:
        return None if node is None else self._loader.construct_object(node, deep=True)


def load_examples(path: Path, topics: set[str] | frozenset[str] | None = None) -> list[Example]:
    """Read `version: 1` / `examples:` (text, topic, risk, optional category).

    Raises ExampleFileError naming the line of the first problem."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExampleFileError(f"{path}: cannot read: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ExampleFileError(f"{path}: not UTF-8 text: {exc}") from exc
    try:
        root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise _fail(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, 1, "expected a mapping with 'version' and 'examples'")
    _scalar = _Values()
    top = {k.value: v for k, v in root.value}
    if _scalar(top.get("version")) != 1:
        line = top["version"].start_mark.line + 1 if "version" in top else 1
        raise _fail(path, line, "expected 'version: 1'")
    items = top.get("examples")
    if not isinstance(items, yaml.SequenceNode):
        line = items.start_mark.line + 1 if items is not None else 1
        raise _fail(path, line, "'examples' must be a list")
    out = []
    for node in items.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise _fail(path, line, "each example must be a mapping with text, topic and risk")
        fields = {k.value: (v, v.start_mark.line + 1) for k, v in node.value}
        unknown = set(fields) - {"text", "topic", "risk", "category"}
        if unknown:
            raise _fail(path, line, f"unknown key(s): {', '.join(sorted(unknown))}")
        values = {key: _scalar(v) for key, (v, _) in fields.items()}
        text = values.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, fields.get("text", (None, line))[1], "'text' must be a non-empty string")
        topic = values.get("topic")
        if not isinstance(topic, str) or not topic or (topics is not None and topic not in topics):
            raise _fail(path, fields.get("topic", (None, line))[1], f"unknown or missing topic {topic!r}")
        risk = values.get("risk")
        if risk not in LEVELS:
            raise _fail(path, fields.get("risk", (None, line))[1],
                        f"risk must be one of {', '.join(LEVELS)}, got {risk!r}")
        category = values.get("category")
        if category is not None and category not in CATEGORIES:
            raise _fail(path, fields["category"][1],
                        f"category must be one of {', '.join(CATEGORIES)}, got {category!r}")
        out.append(Example(text, risk, category, topic, line))
    return out


def training_files(path: Path) -> list[Path]:
    """A training file, or every *.yml file of a training directory in name order."""
    path = Path(path)
    return sorted(path.glob("*.yml")) if path.is_dir() else [path]


def load_training(path: Path, topics: set | None = None) -> list[Example]:
    """All examples of a training file or directory."""
    return [ex for file in training_files(path) for ex in load_examples(file, topics=topics)]
