"""An absence reported through the real stack reaches the school office's mailbox (a local
SMTP server), sent by the bot service's alert worker."""
import pytest

from tests.support import new_sender, query, wait_for

pytestmark = pytest.mark.servers
OFFICE = "office@harbourside.example.org"


def test_an_absence_reported_in_the_chat_reaches_the_office(stack, fake_smtp):
    sender = new_sender()
    assert any("tell the office" in t for t in stack.texts(sender, "my son is off sick today"))
    assert any("first name" in t for t in stack.texts(sender, "yes please"))
    assert any("class or year" in t for t in stack.texts(sender, "his name is Zachary"))
    assert any("first day off" in t for t in stack.texts(sender, "yr 3"))
    assert any("no need to tell me any medical details" in t for t in stack.texts(sender, "today"))
    assert any("be back" in t for t in stack.texts(sender, "Ill"))
    done = stack.texts(sender, "not sure")
    assert any("passed this to the school office" in t and "Zachary feels better" in t for t in done)

    [report] = query(stack, "SELECT id, child_name, class_name, reason, expected_return FROM absence_reports "
                            "WHERE conversation_id = :s", s=sender)
    assert (report["child_name"], report["class_name"], report["reason"], report["expected_return"]) == (
        "Zachary", "Year 3", "ill", None)

    def delivered():
        return [m for m, to in zip(fake_smtp.messages, fake_smtp.recipients)
                if to == [OFFICE] and f"Reference: absence {report['id']}" in m.get_content()]

    [message] = wait_for(delivered)
    assert "Child: Zachary" in message.get_content() and "Reason: illness" in message.get_content()
    sent = wait_for(lambda: query(stack, "SELECT kind FROM alerts WHERE absence_id = :r AND status = 'sent'",
                                  r=report["id"]))
    assert [row["kind"] for row in sent] == ["absence"]
