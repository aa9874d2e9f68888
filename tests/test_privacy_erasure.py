"""Erasure and export, found generically: every table with a conversation id or phone column,
tables added later included, and Rasa's `events`. One school's request never touches another's."""
import datetime as dt
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from bot.db.models import Case
from bot.privacy.erasure import ErasureRefused, erase
from bot.privacy.export import export, render_html
from bot.privacy.subject import SubjectError, find_subject
from bot.schools import default_school
from bot.settings import Settings
from bot.sms.store import conversation_id_for
from tests.test_privacy_retention import add_absence, add_case, add_events, add_sms, database  # noqa: F401 (fixture)

PHONE = "+447700900411"
KEY = "test-secret-key"
WORDS = {"harbourside": ("We have had a hard week at home", "Thank you for telling me"),
         "st-marys": ("Is there a breakfast club on Mondays", "Yes, from 7:45am")}


def runtime_of(sessions, schools):
    return SimpleNamespace(schools=schools, sessions=sessions, settings=Settings(secret_key=KEY),
                           school=lambda _id: default_school(schools))


def later_tables(engine):
    """Tables another feature might add later, unknown to the privacy code."""
    metadata = sa.MetaData()
    notes = sa.Table("later_notes", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("conversation_id", sa.String(64)), sa.Column("note", sa.Text))
    calls = sa.Table("later_callbacks", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("school_id", sa.String(64)), sa.Column("phone", sa.String(40)))
    metadata.create_all(engine)
    return notes, calls


def family(session, notes, calls):
    """The same number texting both schools, a resolved case at Harbourside, notes in later tables."""
    ids = {}
    for school_id, words in WORDS.items():
        cid = ids[school_id] = conversation_id_for(PHONE, school_id, KEY)
        add_sms(session, school_id, cid, PHONE, dt.datetime(2026, 11, 20))
        add_events(session, cid, school_id, dt.datetime(2026, 11, 20), words)
        session.execute(notes.insert().values(conversation_id=cid, note=f"note for {school_id}"))
        session.execute(calls.insert().values(school_id=school_id, phone=PHONE))
    add_case(session, "harbourside", ids["harbourside"], "high", dt.datetime(2026, 11, 20),
             resolved=dt.datetime(2026, 11, 21))
    add_absence(session, "harbourside", ids["harbourside"], dt.datetime(2026, 11, 20))
    add_events(session, "web-someone-else", "harbourside", dt.datetime(2026, 11, 20), ("Other family", "Hello"))
    session.commit()
    return ids


def everything(session) -> str:
    metadata = sa.MetaData()
    metadata.reflect(bind=session.connection())
    return "\n".join(f"{t.name}: {tuple(row)}" for t in metadata.sorted_tables for row in session.execute(sa.select(t)))


def test_erasure_leaves_nothing_of_the_family_at_that_school(database):
    engine, sessions, schools = database
    notes, calls = later_tables(engine)
    with sessions() as session:
        ids = family(session, notes, calls)
    runtime = runtime_of(sessions, schools)

    subject = find_subject(runtime, phone="+44 7700 900411", school_id="harbourside")
    assert subject.conversation_ids == (ids["harbourside"],)
    with sessions() as session:
        report = erase(session, subject)
        session.commit()
        held = everything(session)
        case = session.execute(sa.select(Case)).scalar_one()
    assert report["events"] > 0 and report["later_notes"] == 1 and report["later_callbacks"] == 1
    for trace in (ids["harbourside"], *WORDS["harbourside"], "note for harbourside", "Mia Example",
                  "office@kestrelbay.example.org"):
        assert trace not in held
    assert "'harbourside', '+447700900411')" not in held
    for trace in (ids["st-marys"], *WORDS["st-marys"], "note for st-marys", "'st-marys', '+447700900411')",
                  "Other family"):
        assert trace in held
    assert (case.level, case.outcome, case.trigger_text, case.reasons) == ("high", None, None, [])
    assert case.conversation_id == f"erased-case-{case.id}"

    with sessions() as session:  # the whole family, every school
        erase(session, find_subject(runtime, phone=PHONE))
        session.commit()
        held = everything(session)
    for trace in (PHONE, PHONE[1:], ids["st-marys"], *WORDS["st-marys"], "note for st-marys"):
        assert trace not in held
    assert "Other family" in held


def test_export_holds_the_family_at_that_school_only(database):
    engine, sessions, schools = database
    notes, calls = later_tables(engine)
    with sessions() as session:
        ids = family(session, notes, calls)
    subject = find_subject(runtime_of(sessions, schools), phone=PHONE, school_id="harbourside")
    with sessions() as session:
        data = export(session, subject)
    assert [m["text"] for c in data["conversations"] for m in c["messages"]] == list(WORDS["harbourside"])
    assert data["records"]["later_notes"] == [{"id": 1, "conversation_id": ids["harbourside"],
                                               "note": "note for harbourside"}]
    assert [r["school_id"] for r in data["records"]["later_callbacks"]] == ["harbourside"]
    assert data["records"]["cases"][0]["level"] == "high"
    assert {r["action"] for r in data["records"]["audit_log"]} == {"case_opened"}
    assert "st-marys" not in str(data["records"]) and WORDS["st-marys"][0] not in str(data)


def test_erasure_waits_for_open_cases(database):
    engine, sessions, schools = database
    with sessions() as session:
        cid = conversation_id_for(PHONE, "harbourside", KEY)
        add_case(session, "harbourside", cid, "critical", dt.datetime(2026, 11, 24))
        add_events(session, cid, "harbourside", dt.datetime(2026, 11, 24))
        session.commit()
    subject = find_subject(runtime_of(sessions, schools), phone=PHONE)
    with sessions() as session:
        with pytest.raises(ErasureRefused, match="still open"):
            erase(session, subject)
        session.rollback()
        assert cid in everything(session)


def test_subject_requests_are_checked(database):
    _engine, sessions, schools = database
    runtime = runtime_of(sessions, schools)
    with sessions() as session:
        add_events(session, "web-b-visitor", "st-marys", dt.datetime(2026, 11, 24))
        session.commit()
    with pytest.raises(SubjectError, match="international form"):
        find_subject(runtime, phone="07700 900411")
    with pytest.raises(SubjectError, match="no school"):
        find_subject(runtime, phone=PHONE, school_id="nowhere")
    with pytest.raises(SubjectError, match="not a conversation id"):
        find_subject(runtime, conversation="<script>")
    with pytest.raises(SubjectError, match="not harbourside's"):
        find_subject(runtime, conversation="web-b-visitor", school_id="harbourside")
    assert find_subject(runtime, conversation="web-b-visitor").school_ids == ("st-marys",)


def test_export_page_shows_text_as_text():
    data = {"generated_at": "2026-11-25T12:00:00Z", "subject": {"phones": [], "schools": ["harbourside"]},
            "conversations": [{"id": "web-1", "messages": [{"from": "parent", "at": 1795600000.0,
                                                             "text": "<script>alert(1)</script> & more"}]}],
            "records": {"cases": [{"id": 1, "reasons": ["a"], "trigger_text": None}]}}
    page = render_html(data)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<h2>Cases</h2>" in page
