"""The data subject of an erasure or export: one phone number or one conversation, and every
conversation id that belongs to it in the schools asked about."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

import sqlalchemy as sa

from bot.db.models import SmsContact
from bot.logging_setup import mask_phones
from bot.privacy.tracker import conversation_schools
from bot.sms.store import conversation_id_for
from bot.text import valid_conversation_id

_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")


class SubjectError(ValueError):
    """A request that names nobody we could look for."""


@dataclass(frozen=True)
class Subject:
    phones: Tuple[str, ...]
    conversation_ids: Tuple[str, ...]
    school_ids: Tuple[str, ...]

    def describe(self) -> str:
        who = ", ".join(mask_phones(p) for p in self.phones) or "a web chat visitor"
        return f"{who}: {len(self.conversation_ids)} conversation(s) at {', '.join(self.school_ids)}"


def find_subject(runtime, *, phone: Optional[str] = None, conversation: Optional[str] = None,
                 school_id: Optional[str] = None) -> Subject:
    if school_id is not None and school_id not in runtime.schools:
        raise SubjectError(f"no school '{school_id}' (see python -m bot schools list)")
    school_ids = (school_id,) if school_id else tuple(sorted(runtime.schools))
    with runtime.sessions() as session:
        if phone is not None:
            phone = re.sub(r"[\s()-]", "", phone)
            if not _PHONE.match(phone):
                raise SubjectError("the number must be in international form, e.g. +447700900123")
            ids = {conversation_id_for(phone, s, runtime.settings.secret_key) for s in school_ids}
            ids |= set(session.execute(sa.select(SmsContact.conversation_id).where(
                SmsContact.phone == phone, SmsContact.school_id.in_(school_ids))).scalars())
            return Subject((phone,), tuple(sorted(ids)), school_ids)
        if not valid_conversation_id(conversation):
            raise SubjectError("that is not a conversation id")
        owner = conversation_schools(session, [conversation], runtime.school(None).id)[conversation]
        if owner not in school_ids:
            raise SubjectError(f"conversation {conversation} is not {school_id}'s")
        phones = tuple(session.execute(sa.select(SmsContact.phone).where(
            SmsContact.conversation_id == conversation)).scalars())
        return Subject(phones, (conversation,), (owner,))
