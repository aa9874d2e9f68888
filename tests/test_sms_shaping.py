"""Replies shaped for SMS (GSM-7, at most 3 segments, whole words), numbered choices, keywords."""
import datetime as dt
import random
import string

import pytest
from ruamel.yaml import YAML

from bot import safety
from bot.sms.webhook import inbound_text
from bot.conversation import school_slots
from bot.db.engine import transaction
from bot.schools import UK, load_schools
from bot.settings import PROJECT_ROOT
from bot.sms.keywords import keyword_kind, keyword_reply
from bot.sms.sender import is_safety_text
from bot.sms.shaping import choices_line, map_choice, shape_turn, split_for_sms, to_gsm7
from bot.sms.store import conversation_id_for, may_send_proactive, record_consent
from bot.sms_text import is_gsm7, segment_count
from bot.text import valid_conversation_id
from bot.voice import voice_problems

DOMAIN = YAML(typ="safe").load((PROJECT_ROOT / "domain.yml").read_text())
SCHOOLS = load_schools(PROJECT_ROOT / "schools")
MOOD = [{"title": "Good", "payload": "Good"}, {"title": "Up and down", "payload": "Up and down"},
        {"title": "Struggling", "payload": "Struggling"}]


def rendered_responses():
    for school in SCHOOLS.values():
        slots = school_slots(school)
        for name, variants in DOMAIN["responses"].items():
            for index, variant in enumerate(variants):
                message = {"text": variant["text"].format(**slots), "buttons": variant.get("buttons")}
                yield f"{school.id}:{name}:{index}", message


RESPONSES = list(rendered_responses())


def assert_sms_ready(texts):
    for text in texts:
        assert text and is_gsm7(text), text
        assert segment_count(text) <= 3, (segment_count(text), text)


@pytest.mark.parametrize("name, message", RESPONSES, ids=[n for n, _ in RESPONSES])
def test_every_response_shaped_is_gsm7_in_at_most_three_segments(name, message):
    texts, choices = shape_turn([message])
    assert_sms_ready(texts)
    assert " ".join(texts).split() == to_gsm7(" ".join(texts)).split()  # nothing left to replace
    if message["buttons"]:
        assert choices and texts[-1].endswith(choices_line(choices))


def test_a_whole_crisis_turn_starts_with_999_and_fits():
    school = next(iter(SCHOOLS.values()))
    now = dt.datetime(2026, 11, 25, 22, tzinfo=UK)
    for category in list(safety.CRISIS_LINES) + [None]:
        turn = [{"text": t} for t in safety.crisis_messages("critical", category)]
        turn += [{"text": safety.told_staff_message(school, True, True, now)}, {"text": safety.SAFETY_HONESTY}]
        texts, _ = shape_turn(turn)
        assert_sms_ready(texts)
        assert texts[0].startswith(safety.NINE_NINE_NINE)


@pytest.mark.parametrize("raw, plain", [
    ("That\u2019s \u2018fine\u2019", "That's 'fine'"),
    ("\u201cYes\u201d \u2013 and \u2014 no\u2026", '"Yes" - and - no...'),
    ("Well done \U0001F600\U0001F44D!", "Well done!"),
    ("Hi \u2764\ufe0f there", "Hi there"),
    ("caf\u00e9 na\u00efve fa\u00e7ade \u00c5se", "caf\u00e9 naive facade \u00c5se"),
    ("\u00a33 or \u20ac5 \u2022 \u00bd price", "\u00a33 or \u20ac5 - 1/2 price"),
    ("one\r\ntwo\tthree\u00a0four", "one\ntwo three four"),
    ("\u4f60\u597d hello", "hello"),
])
def test_to_gsm7_keeps_the_words_in_plain_characters(raw, plain):
    assert to_gsm7(raw) == plain and is_gsm7(plain)


def _words(n, seed):
    rng = random.Random(seed)
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12))) for _ in range(n))


@pytest.mark.parametrize("seed", range(20))
def test_long_text_splits_on_sentences_never_mid_word(seed):
    rng = random.Random(seed)
    sentences = [_words(rng.randint(3, 40), seed * 100 + i).capitalize() + rng.choice(".!?") for i in range(rng.randint(5, 40))]
    text = " ".join(sentences)
    parts = split_for_sms(text)
    assert_sms_ready(parts)
    assert " ".join(parts).split() == text.split()  # every word whole, in order
    for part in parts:  # each SMS holds whole sentences (none here is too long for one)
        assert part[-1] in ".!?" and part[0].isupper()
    assert len(parts) <= -(-sum(len(s) + 1 for s in sentences) // 300) + 1  # packed, not one a sentence


def test_a_sentence_longer_than_three_segments_splits_between_words():
    text = _words(200, 1)
    parts = split_for_sms(text)
    assert len(parts) > 1 and " ".join(parts).split() == text.split()
    assert_sms_ready(parts)


def test_the_segment_limit_counts_extended_characters_twice():
    assert split_for_sms("a" * 459) == ["a" * 459]
    assert len(split_for_sms("a" * 460)) == 2
    euros = "\u20ac" * 230  # 460 septets
    assert [segment_count(p) <= 3 for p in split_for_sms(euros)] == [True, True]


def test_messages_of_a_turn_are_joined_into_as_few_texts_as_fit():
    texts, choices = shape_turn([{"text": "Hello, I'm here."}, {"text": "How are things this week?", "buttons": MOOD}])
    assert texts == ["Hello, I'm here.\nHow are things this week? Reply 1 Good, 2 Up and down or 3 Struggling"]
    assert choices == MOOD
    assert shape_turn([]) == ([], None) and shape_turn([{"text": "\U0001F600"}]) == ([], None)


def test_choices_lines():
    assert choices_line(MOOD) == "Reply 1 Good, 2 Up and down or 3 Struggling"
    assert choices_line(MOOD[:2]) == "Reply 1 Good or 2 Up and down"
    assert choices_line(MOOD[:1]) == "Reply 1 Good"
    assert choices_line([{"title": "Yes \u2019please\u2019", "payload": "yes"}]) == "Reply 1 Yes 'please'"


@pytest.mark.parametrize("reply, payload", [
    ("1", "Good"), (" 2 ", "Up and down"), ("3.", "Struggling"), ("3)", "Struggling"),
    ("4", None), ("0", None), ("12", None), ("1 please", None), ("one", None), ("", None),
])
def test_numbered_replies_map_to_the_buttons_payload(reply, payload):
    assert map_choice(reply, MOOD) == payload


def test_numbers_mean_nothing_without_choices():
    assert map_choice("1", None) is None and map_choice("1", []) is None


@pytest.mark.parametrize("text, kind", [
    ("STOP", "opt_out"), ("stop", "opt_out"), (" Stop. ", "opt_out"), ("STOPALL", "opt_out"),
    ("unsubscribe", "opt_out"), ("Cancel", "opt_out"), ("END", "opt_out"), ("quit!", "opt_out"),
    ("START", "opt_in"), ("unstop", "opt_in"), ("HELP", "help"), ("help", "help"), ("INFO", "help"),
    ("stop it", None), ("please stop", None), ("help me", None), ("I need help", None),
    ("started", None), ("", None), (None, None),
])
def test_keywords_are_whole_messages_only(text, kind):
    assert keyword_kind(text) == kind


@pytest.mark.parametrize("school", list(SCHOOLS.values()), ids=list(SCHOOLS))
@pytest.mark.parametrize("kind", ["opt_out", "opt_in", "help"])
def test_keyword_replies_fit_two_segments_in_the_voice(school, kind):
    reply = keyword_reply(kind, school)
    assert is_gsm7(reply) and segment_count(reply) <= 2 and voice_problems(reply) == []
    if kind == "help":
        assert school.name in reply and "automated helper" in reply
        assert "999" in reply and "116 123" in reply and is_safety_text(reply)


def test_opt_out_and_back_in(runtime_db):
    sender = conversation_id_for("+447700900301", "harbourside", None)
    with transaction(runtime_db.sessions) as session:
        assert may_send_proactive(session, sender)
        record_consent(session, "harbourside", sender, "opt_out")
        record_consent(session, "harbourside", sender, "help")
    with transaction(runtime_db.sessions) as session:
        assert not may_send_proactive(session, sender)
        record_consent(session, "harbourside", sender, "opt_in")
    with transaction(runtime_db.sessions) as session:
        assert may_send_proactive(session, sender)
        assert may_send_proactive(session, conversation_id_for("+447700900302", "harbourside", None))


def test_conversation_ids_hide_the_number_and_are_stable():
    phone = "+447700900301"
    first = conversation_id_for(phone, "harbourside", None)
    assert first == conversation_id_for(phone, "harbourside", None) and valid_conversation_id(first)
    assert first.startswith("sms-") and "900301" not in first
    assert first != conversation_id_for("+447700900302", "harbourside", None)
    assert first != conversation_id_for(phone, "another-school", None)
    assert first != conversation_id_for(phone, "harbourside", "a real secret key")


@pytest.mark.parametrize("text, expected", [
    (safety.NINE_NINE_NINE, True), (safety.CRISIS_LINES["domestic_abuse"], True),
    (safety.CRISIS_LINES["child_at_risk"], True), ("Call NHS 111 for advice.", True),
    ("Breakfast club costs 1 pound.", False), ("How are things this week?", False),
])
def test_safety_texts_are_recognised(text, expected):
    assert is_safety_text(text) is expected


def test_twilio_form_fields():
    base = {"MessageSid": "SM" + "a" * 32, "From": "+447700900301", "To": "+447700900001"}
    text = inbound_text({**base, "Body": "hi", "NumMedia": "2"}, None)
    assert (text.body, text.num_media, text.our_number) == ("hi", 2, "+447700900001")
    assert inbound_text({**base, "To": None}, "+447700900000").our_number == "+447700900000"
    assert inbound_text(base, None).body is None
    for missing in ("MessageSid", "From"):
        assert inbound_text({k: v for k, v in base.items() if k != missing}, None) is None
    assert inbound_text({**base, "MessageSid": "SM../../x"}, None) is None
