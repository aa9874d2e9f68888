"""Rasa's tracker store (`events`, in the same database) as the privacy tools read it."""
from __future__ import annotations

import json
from typing import Dict, Iterable, Iterator, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import Case, SmsContact, WebMessage

EVENTS = sa.Table(
    "events", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
CHUNK = 500


def has_events(session: Session) -> bool:
    """False until Rasa has stored its first conversation (it creates the table itself)."""
    return sa.inspect(session.connection()).has_table("events")


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def conversation_schools(session: Session, conversation_ids: Iterable[str], default_id: str) -> Dict[str, str]:
    """Which school each conversation belongs to: the SMS contact's school, else a case's, else
    a web message's, else the `school_id` slot Rasa stored, else the default school."""
    ids = sorted(set(conversation_ids))
    found: Dict[str, str] = {}
    if has_events(session):
        for part in chunks(ids):
            rows = session.execute(
                sa.select(EVENTS.c.sender_id, EVENTS.c.data)
                .where(EVENTS.c.sender_id.in_(part), EVENTS.c.type_name == "slot",
                       EVENTS.c.data.like('%"school_id"%'))
                .order_by(EVENTS.c.id)
            )
            for sender, data in rows:
                value = _slot_value(data, "school_id")
                if value:
                    found[sender] = value
    for model in (WebMessage, Case, SmsContact):
        for part in chunks(ids):
            rows = session.execute(sa.select(model.conversation_id, model.school_id)
                                   .where(model.conversation_id.in_(part)))
            found.update({conversation: school for conversation, school in rows})
    return {conversation: found.get(conversation, default_id) for conversation in ids}


def _slot_value(data: Optional[str], name: str) -> Optional[str]:
    try:
        event = json.loads(data or "")
    except ValueError:
        return None
    if isinstance(event, dict) and event.get("name") == name and isinstance(event.get("value"), str):
        return event["value"]
    return None


def transcript(session: Session, conversation_id: str) -> List[dict]:
    """What was said in a conversation, oldest first: who, when (epoch seconds) and the text."""
    if not has_events(session):
        return []
    rows = session.execute(
        sa.select(EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data)
        .where(EVENTS.c.sender_id == conversation_id, EVENTS.c.type_name.in_(("user", "bot")))
        .order_by(EVENTS.c.id)
    )
    said = []
    for type_name, timestamp, data in rows:
        try:
            event = json.loads(data or "{}")
        except ValueError:
            event = {}
        said.append({"from": "parent" if type_name == "user" else "assistant", "at": timestamp,
                     "text": event.get("text") or ""})
    return said
