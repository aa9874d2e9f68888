"""The case page and its actions, against a fake Rasa conversation API: what reaches Rasa, what
changes on the case, and what the audit log records."""
import pytest

from tests.inbox.conftest import csrf_of


def conversation(service, case_id):
    return service.query("SELECT conversation_id FROM cases WHERE id = :c", c=case_id)[0]["conversation_id"]


def case_row(service, case_id):
    return service.query("SELECT * FROM cases WHERE id = :c", c=case_id)[0]


def audit(service, case_id):
    return [(r["actor"], r["action"]) for r in service.query(
        "SELECT actor, action FROM audit_log WHERE case_id = :c ORDER BY id", c=case_id)]


def act(client, case_id, action, **data):
    page = client.get(f"/inbox/cases/{case_id}")
    return client.post(f"/inbox/cases/{case_id}/{action}", data={"csrf": csrf_of(page.text), **data})


@pytest.fixture
def dee(service):
    return service.login("dee")


def test_the_case_page_shows_why_the_conversation_alerts_and_is_recorded_as_viewed(service, dee):
    case_id = service.new_case(text="i cant go on")
    service.execute("INSERT INTO alerts (school_id, case_id, recipient_role, recipient_name, transport, address, kind, "
                    "idempotency_key, status, not_before, attempts, last_error, created_at) VALUES ('harbourside', :c, "
                    "'hwbl', 'Dee Harper', 'sms', '+447700900123', 'new', :k, 'failed', '2026-01-01 00:00:00', 3, "
                    "'Twilio said no', '2026-01-01 00:00:00')", c=case_id, k=f"test-{case_id}")
    service.rasa.add_user_message(conversation(service, case_id), "i cant go on", risk="critical")
    page = dee.get(f"/inbox/cases/{case_id}")
    assert page.status_code == 200
    text = page.text
    assert "rule: test reason" in text and "i cant go on" in text and "flagged critical" in text
    assert "Twilio said no" in text and "failed" in text and "self-harm or suicide" in text
    assert audit(service, case_id)[-1] == ("Dee Harper", "view")


def test_the_page_says_so_when_the_conversation_cannot_be_loaded(service, dee):
    case_id = service.new_case()
    service.rasa.events[conversation(service, case_id)] = "not a list of events"
    page = dee.get(f"/inbox/cases/{case_id}")
    assert page.status_code == 200 and "could not be loaded just now" in page.text and "rule: test reason" in page.text


def test_take_acknowledge_and_reassign_change_the_case(service, dee):
    case_id = service.new_case()
    assert act(dee, case_id, "take").headers["location"] == f"/inbox/cases/{case_id}?done=take"
    row = case_row(service, case_id)
    assert (row["status"], row["assigned_to"]) == ("open", "Dee Harper") and row["acknowledged_at"]
    act(dee, case_id, "acknowledge")
    act(dee, case_id, "reassign")
    assert case_row(service, case_id)["assigned_to"] == "Ravi Okafor"  # the school's DSL account
    assert [a for _, a in audit(service, case_id) if a != "view"] == ["case_opened", "take", "acknowledge", "reassign"]


def test_reply_reaches_rasa_as_a_staff_message_and_takes_a_pending_case(service, dee):
    case_id = service.new_case()
    response = act(dee, case_id, "reply", text="Hi, it's Dee. I'm here. Are you safe right now?")
    assert response.headers["location"].endswith("done=reply")
    events = service.rasa.posted_to(conversation(service, case_id))
    assert events == [{"event": "bot", "text": "Hi, it's Dee. I'm here. Are you safe right now?",
                       "metadata": {"staff_name": "Dee Harper"}}]
    assert case_row(service, case_id)["status"] == "open"
    assert [a for _, a in audit(service, case_id) if a != "view"] == ["case_opened", "take", "reply"]
    assert "Hi, it&#x27;s Dee" in dee.get(f"/inbox/cases/{case_id}").text  # shown in the conversation


def test_an_empty_reply_sends_nothing(service, dee):
    case_id = service.new_case()
    assert act(dee, case_id, "reply", text="   ").headers["location"].endswith("problem=empty")
    assert service.rasa.posted_to(conversation(service, case_id)) == []


def test_when_rasa_refuses_the_reply_staff_are_told_and_it_is_recorded(service, dee):
    case_id = service.new_case()
    service.rasa.fail_posts = True
    try:
        response = act(dee, case_id, "reply", text="Hello")
    finally:
        service.rasa.fail_posts = False
    assert response.headers["location"].endswith("problem=rasa")
    assert "nothing reached the parent" in dee.get(response.headers["location"]).text
    assert ("Dee Harper", "reply_failed") in audit(service, case_id)


def test_hand_back_then_resolve_hands_back_once(service, dee):
    case_id = service.new_case()
    act(dee, case_id, "take")
    act(dee, case_id, "handback")
    posted = service.rasa.posted_to(conversation(service, case_id))
    assert posted[0] == {"event": "slot", "name": "handoff_case_id", "value": None}
    assert "Mrs Harper has passed you back to me" in posted[1]["text"]
    act(dee, case_id, "resolve", outcome="referred to early help")
    assert len(service.rasa.posted_to(conversation(service, case_id))) == 2
    row = case_row(service, case_id)
    assert (row["status"], row["outcome"]) == ("resolved", "referred to early help")


def test_resolve_hands_back_when_staff_still_have_the_conversation(service, dee):
    case_id = service.new_case()
    act(dee, case_id, "reply", text="Hello")
    act(dee, case_id, "resolve", outcome="no further action")
    assert service.rasa.posted_to(conversation(service, case_id))[-1]["text"].startswith("Mrs Harper has passed")
    assert case_row(service, case_id)["outcome"] == "no further action"


def test_resolve_needs_a_known_outcome_and_a_resolved_case_takes_no_actions(service, dee):
    case_id = service.new_case()
    assert act(dee, case_id, "resolve", outcome="made up").headers["location"].endswith("problem=outcome")
    assert case_row(service, case_id)["status"] == "pending"
    act(dee, case_id, "resolve", outcome="signposted")
    page = dee.get(f"/inbox/cases/{case_id}").text
    assert "Send reply" not in page
    assert act(dee, case_id, "reply", text="late").headers["location"].endswith("problem=resolved")


def test_notes_are_kept_and_escaped(service, dee):
    case_id = service.new_case()
    act(dee, case_id, "note", text="Spoke to mum <b>by phone</b>")
    page = dee.get(f"/inbox/cases/{case_id}").text
    assert "Spoke to mum &lt;b&gt;by phone&lt;/b&gt;" in page
    assert ("Dee Harper", "note") in audit(service, case_id)


def test_an_unknown_action_or_case_is_not_found(service, dee):
    case_id = service.new_case()
    assert act(dee, case_id, "delete").status_code == 404
    assert dee.get("/inbox/cases/999999").status_code == 404


def test_the_dsl_hands_back_in_their_own_name(service):
    ravi = service.login("ravi")
    case_id = service.new_case()
    act(ravi, case_id, "handback")
    assert service.rasa.posted_to(conversation(service, case_id))[-1]["text"].startswith("Mr Okafor has passed")


def test_family_history_lists_the_conversations_cases_only(service, dee):
    first = service.new_case(conversation_id="family-1", level="concern", category="not_coping")
    second = service.new_case(conversation_id="family-1", level="high")
    other = service.new_case(conversation_id="family-2")
    page = dee.get(f"/inbox/cases/{second}/history").text
    assert f"/inbox/cases/{first}" in page and f"/inbox/cases/{other}\"" not in page
    assert "<svg" in page and page.count("<circle") == 2 and "No check-in answers yet" in page
    assert ("Dee Harper", "view_history") in audit(service, second)


def test_taking_a_case_the_assistant_was_still_answering_pauses_it(service, dee):
    urgent = service.new_case(level="high")
    act(dee, urgent, "take")
    assert service.rasa.posted_to(conversation(service, urgent)) == []  # paused when it was opened
    routine = service.new_case(level="concern", category="not_coping")
    act(dee, routine, "take")
    assert service.rasa.posted_to(conversation(service, routine)) == [
        {"event": "slot", "name": "handoff_case_id", "value": routine}]
    act(dee, routine, "resolve", outcome="signposted")
    assert service.rasa.posted_to(conversation(service, routine))[-1]["text"].startswith("Mrs Harper has passed")


def test_resolving_a_routine_case_nobody_took_says_nothing_to_the_parent(service, dee):
    routine = service.new_case(level="request", category=None)
    act(dee, routine, "resolve", outcome="no further action")
    assert service.rasa.posted_to(conversation(service, routine)) == []
    assert case_row(service, routine)["status"] == "resolved"


def test_when_rasa_cannot_pause_the_assistant_the_case_is_not_taken(service, dee):
    routine = service.new_case(level="concern")
    service.rasa.fail_posts = True
    try:
        response = act(dee, routine, "take")
    finally:
        service.rasa.fail_posts = False
    assert response.headers["location"].endswith("problem=rasa")
    assert case_row(service, routine)["status"] == "pending"


def test_family_history_shows_the_familys_check_in_answers(service, dee):
    case_id = service.new_case(conversation_id="family-3", level="concern", category="not_coping")
    service.execute("INSERT INTO checkin_subscriptions (school_id, conversation_id, weekday, at_time, status, "
                    "created_at, updated_at) VALUES ('harbourside', 'family-3', 0, '18:00', 'active', "
                    "'2026-11-01 10:00:00', '2026-11-01 10:00:00')")
    sub = service.query("SELECT id FROM checkin_subscriptions WHERE conversation_id = 'family-3'")[0]["id"]
    for period, answer, day in (("2026-W46", "mixed", "10"), ("2026-W47", "struggling", "17")):
        service.execute("INSERT INTO checkins (subscription_id, school_id, conversation_id, period, status, claimed_at, "
                        "answer, answered_at) VALUES (:s, 'harbourside', 'family-3', :p, 'sent', :at, :a, :at)",
                        s=sub, p=period, a=answer, at=f"2026-11-{day} 18:05:00")
    page = dee.get(f"/inbox/cases/{case_id}/history").text
    assert "No check-in answers yet" not in page
    assert page.index("Up and down") < page.index("Struggling")
