"""Add, change and remove services in the file's own text, keeping its comments, key order
and layout byte for byte where nothing changed. Nothing is written unless the result is valid."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from bot.directory.load import FIELDS, load_bank_holidays, parse_text, round_trip_yaml
from bot.directory.model import Directory

QUOTED = ("phone",)


class EditError(ValueError):
    """The change cannot be made (e.g. no service with that id)."""


def _styled(key: str, value: Any, old: Any = None) -> Any:
    """A value as the file writes it: lists inline, times and phone numbers in quotes."""
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((str(k).lower(), DoubleQuotedScalarString(str(v))) for k, v in value.items())
    if isinstance(value, str) and not isinstance(value, ScalarString):
        if isinstance(old, ScalarString):
            return type(old)(value)
        if key in QUOTED:
            return DoubleQuotedScalarString(value)
    return value


def _last_leaf(node: Any) -> Optional[Tuple[Any, Any]]:
    """The (container, key) whose comment slot holds what follows `node` in the file."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
            node = value
            continue
        return node, key
    return None


def _take_trailing(node: Any) -> Optional[CommentToken]:
    leaf = _last_leaf(node)
    if leaf is None:
        return None
    container, key = leaf
    slot = 2 if isinstance(container, CommentedMap) else 0
    comments = container.ca.items.get(key)
    if not comments or comments[slot] is None:
        return None
    token, comments[slot] = comments[slot], None
    if not any(comments):
        del container.ca.items[key]
    return token


def _put_trailing(node: Any, token: Optional[CommentToken]) -> None:
    leaf = _last_leaf(node)
    if leaf is None or token is None:
        return
    container, key = leaf
    slot = 2 if isinstance(container, CommentedMap) else 0
    container.ca.items.setdefault(key, [None, None, None, None])[slot] = token


def _has_comment(token: Optional[CommentToken]) -> bool:
    return token is not None and "#" in token.value


def _load(text: str) -> Tuple[CommentedMap, CommentedSeq]:
    data = round_trip_yaml().load(text)
    if not isinstance(data, CommentedMap) or not isinstance(data.get("services"), CommentedSeq):
        raise EditError("the file has no 'services:' list")
    return data, data["services"]


def _dump(data: CommentedMap) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return out.getvalue()


def _index(services: CommentedSeq, service_id: str) -> int:
    for index, item in enumerate(services):
        if isinstance(item, dict) and item.get("id") == service_id:
            return index
    raise EditError(f"no service with id '{service_id}'")


def new_entry(fields: Mapping[str, Any]) -> CommentedMap:
    """An entry with its fields in the usual order (any unknown ones last, to be refused)."""
    entry = CommentedMap()
    for key in [k for k in FIELDS if k in fields] + [k for k in fields if k not in FIELDS]:
        if fields[key] not in (None, ""):
            entry[key] = _styled(key, fields[key])
    return entry


def add_service(text: str, fields: Mapping[str, Any]) -> str:
    """The text with a new service at the end of the list, after a blank line."""
    data, services = _load(text)
    entry = new_entry(fields)
    if services:
        tail = _take_trailing(services[-1])  # whatever ended the file now ends the new entry
        _put_trailing(services[-1], CommentToken("\n\n", CommentMark(0), None))
        _put_trailing(entry, tail)
    services.append(entry)
    return _dump(data)


def edit_service(text: str, service_id: str, changes: Mapping[str, Any]) -> str:
    """The text with some fields of one service changed; a value of None or "" removes the field."""
    data, services = _load(text)
    item = services[_index(services, service_id)]
    tail = _take_trailing(item)
    for key, value in changes.items():
        if value is None or value == "":
            item.pop(key, None)
        elif key in item:
            item[key] = _styled(key, value, item[key])
        else:
            later = [i for i, k in enumerate(item) if k in FIELDS and key in FIELDS
                     and FIELDS.index(k) > FIELDS.index(key)]
            item.insert(later[0] if later else len(item), key, _styled(key, value))
    _put_trailing(item, tail)
    return _dump(data)


def remove_service(text: str, service_id: str) -> str:
    """The text without one service. A section heading that followed it is kept."""
    data, services = _load(text)
    index = _index(services, service_id)
    after = _take_trailing(services[index])
    if index > 0 and (index == len(services) - 1 or _has_comment(after)):
        _take_trailing(services[index - 1])
        _put_trailing(services[index - 1], after)
    del services[index]
    return _dump(data)


def save(path: Path, text: str, bank_holidays=None) -> Directory:
    """Write the text only if it is a valid directory (DirectoryError otherwise)."""
    directory = parse_text(text, str(path), load_bank_holidays() if bank_holidays is None else bank_holidays)
    temporary = Path(path).with_name(Path(path).name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return directory
