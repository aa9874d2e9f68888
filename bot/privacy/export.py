"""Subject-access export: everything held about one family, as JSON and as a readable HTML page.

Found the same way erasure finds it: every table with a conversation id or phone column (tables
added later are included without changes here), the conversations' words from Rasa's `events`,
and the audit trail of the family's cases."""
from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any, Dict, List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, utcnow
from bot.privacy.subject import Subject
from bot.privacy.tracker import transcript
from bot.schools import UK

KEY_COLUMNS = ("conversation_id", "phone")
SKIPPED = {"events"}  # shown as the conversation instead of raw rows


def export(session: Session, subject: Subject) -> Dict[str, Any]:
    ids, phones = list(subject.conversation_ids), list(subject.phones)
    metadata = sa.MetaData()
    metadata.reflect(bind=session.connection())
    records: Dict[str, List[dict]] = {}
    for table in metadata.sorted_tables:
        if table.name in SKIPPED:
            continue
        matches = []
        if "conversation_id" in table.c:
            matches.append(table.c.conversation_id.in_(ids))
        if phones and "phone" in table.c:
            matches.append(_phone_match(table, subject))
        if matches:
            rows = session.execute(sa.select(table).where(sa.or_(*matches))).mappings().all()
            if rows:
                records[table.name] = [_plain(dict(row)) for row in rows]
    case_ids = [row["id"] for row in records.get("cases", [])]
    if case_ids:
        audit = session.execute(sa.select(AuditEntry.__table__).where(AuditEntry.case_id.in_(case_ids))
                                .order_by(AuditEntry.id)).mappings().all()
        records["audit_log"] = [_plain(dict(row)) for row in audit]
    conversations = [{"id": cid, "messages": said} for cid in ids if (said := transcript(session, cid))]
    return {
        "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
        "subject": {"phones": phones, "conversation_ids": ids, "schools": list(subject.school_ids)},
        "conversations": conversations,
        "records": records,
    }


def _plain(row: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
            for key, value in row.items()}


def write_files(data: Dict[str, Any], folder: Path) -> List[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    json_path, html_path = folder / f"subject-access-{stamp}.json", folder / f"subject-access-{stamp}.html"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    html_path.write_text(render_html(data), encoding="utf-8")
    return [json_path, html_path]


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, UK).strftime("%d %b %Y %H:%M")


def render_html(data: Dict[str, Any]) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Subject access export</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border:1px solid #999;"
        "padding:.3em;vertical-align:top;text-align:left}table{border-collapse:collapse;margin-bottom:2em}</style>",
        "<h1>What we hold about you</h1>",
        f"<p>Made on {e(data['generated_at'])} for: {e(', '.join(data['subject']['phones']) or 'a web chat')}"
        f" (schools: {e(', '.join(data['subject']['schools']))}).</p>",
    ]
    if not data["conversations"] and not data["records"]:
        parts.append("<p>We hold nothing about this number or conversation.</p>")
    for conversation in data["conversations"]:
        parts.append(f"<h2>Conversation {e(conversation['id'])}</h2><table><tr><th>When (UK time)</th>"
                     "<th>Who</th><th>What was said</th></tr>")
        for message in conversation["messages"]:
            parts.append(f"<tr><td>{e(_when(message['at']))}</td><td>{e(message['from'])}</td>"
                         f"<td>{e(message['text'])}</td></tr>")
        parts.append("</table>")
    for name, rows in data["records"].items():
        columns = list(rows[0])
        parts.append(f"<h2>{e(name.replace('_', ' ').capitalize())}</h2><table><tr>"
                     + "".join(f"<th>{e(c)}</th>" for c in columns) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(_text(row[c]))}</td>" for c in columns) + "</tr>")
        parts.append("</table>")
    parts.append("</html>")
    return "\n".join(parts)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _phone_match(table: sa.Table, subject: Subject):
    """The number's rows, in the schools asked about only (one number may text two schools)."""
    match = table.c.phone.in_(subject.phones)
    return sa.and_(match, table.c.school_id.in_(subject.school_ids)) if "school_id" in table.c else match
