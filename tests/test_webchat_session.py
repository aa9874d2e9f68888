"""Web chat sessions, the widget's school config and its texts, without servers."""
import datetime as dt
from pathlib import Path

import pytest

from bot.schools import UK, SchoolConfigError, load_schools, parse_school
from bot.settings import PROJECT_ROOT
from bot.voice import voice_problems
from bot.web import widget_session
from bot.web.widget_config import (DEFAULT_COLOUR, DEFAULT_EXIT_URL, SAVED_NOTICE, brand_colour, contrast,
                                   lines_text, widget_config)

GOOD = (PROJECT_ROOT / "schools" / "harbourside.yml").read_text()


@pytest.fixture
def school():
    return load_schools(PROJECT_ROOT / "schools")["harbourside"]


def test_conversation_ids_are_random_128_bit():
    ids = {widget_session.new_conversation_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == len("web-") + 32 and int(i[4:], 16) >= 0 for i in ids)


def test_token_is_bound_to_the_conversation_the_key_the_school_and_its_time():
    sender, other = widget_session.new_conversation_id(), widget_session.new_conversation_id()
    token = widget_session.sign("key-one", sender, "harbourside", issued_at=1764000000)
    assert widget_session.read("key-one", sender, token) == widget_session.Issued("harbourside", 1764000000)
    assert widget_session.read("key-one", other, token) is None          # another conversation's token
    assert widget_session.read("key-two", sender, token) is None         # forged with another key
    assert widget_session.read("key-one", sender, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    issued, school, mac = token.split(".")
    for changed in (f"{issued}.seaview.{mac}", f"{int(issued) + 86400}.{school}.{mac}", f"{issued}..{mac}",
                    f"{school}.{mac}", f"\u0661{issued[1:]}.{school}.{mac}", f"{issued}.{school}.{mac}\u00e9"):
        assert widget_session.read("key-one", sender, changed) is None, changed
    for junk in (None, "", 12345, ["x"], "x" * 5000, "....", "1.2.3"):
        assert widget_session.read("key-one", sender, junk) is None


def test_a_token_expires_after_30_days():
    issued = widget_session.read("k", "web-aaaaaaaa", widget_session.sign("k", "web-aaaaaaaa", "harbourside"))
    assert not issued.expired()
    assert not issued.expired(now=issued.issued_at + 30 * 86400)
    assert issued.expired(now=issued.issued_at + 30 * 86400 + 1)


def test_without_a_secret_key_tokens_still_differ_per_conversation():
    assert widget_session.sign(None, "web-aaaaaaaa", "h", 1) != widget_session.sign(None, "web-bbbbbbbb", "h", 1)
    assert widget_session.sign(None, "web-aaaaaaaa", "h", 1) != widget_session.sign("real-key", "web-aaaaaaaa", "h", 1)


def test_config_out_of_hours_says_when_she_reads_and_shows_the_24_7_lines(school):
    night = dt.datetime(2026, 11, 25, 22, 0, tzinfo=UK)  # a Wednesday night
    config = widget_config(school, night)
    assert config["out_of_hours"] == (
        "Mrs Harper is not at work right now. She reads messages Monday to Thursday, 8:30am to 4pm; "
        "Friday, 8:30am to 3:30pm, so she will see yours tomorrow at 8:30am. The helper still answers now.")
    numbers = [line["number"] for line in config["lines"]]
    assert numbers[:2] == ["999", "116 123"] and "0808 2000 247" in numbers
    assert config["hwbl_name"] == "Mrs Harper" and config["name"] == "Harbourside Primary School"
    assert config["exit_url"] == "https://www.bbc.co.uk/weather"


def test_config_in_hours_has_no_notice(school):
    assert widget_config(school, dt.datetime(2026, 11, 25, 10, 0, tzinfo=UK))["out_of_hours"] is None


def test_brand_colour_keeps_4_5_to_1_with_white_text():
    assert brand_colour("#1D5C63") == "#1d5c63"
    assert contrast("#1d5c63", "#ffffff") >= 4.5
    assert brand_colour("#ffdd00") == DEFAULT_COLOUR          # yellow: white text unreadable
    assert brand_colour("red; background: url(x)") == DEFAULT_COLOUR
    assert brand_colour(None) == DEFAULT_COLOUR


@pytest.mark.parametrize("when", [dt.datetime(2026, 11, 25, 22, 0, tzinfo=UK), dt.datetime(2026, 12, 24, 9, 0, tzinfo=UK)])
def test_widget_texts_follow_the_voice(school, when):
    config = widget_config(school, when)
    for text in [config["intro"], config["out_of_hours"], SAVED_NOTICE, *lines_text()]:
        assert voice_problems(text) == [], text


def test_school_file_widget_origins_and_exit_page():
    school = parse_school(GOOD.replace("https://www.harbourside.example.org",
                                       "HTTPS://Www.Harbourside.example.org/"), "x.yml")
    assert school.widget_origins == ("https://www.harbourside.example.org",)
    assert parse_school(GOOD.replace("quick_exit_url: https://www.bbc.co.uk/weather", ""), "x.yml").quick_exit_url is None
    assert widget_config(parse_school(GOOD.replace("quick_exit_url: https://www.bbc.co.uk/weather", ""), "x.yml"),
                         dt.datetime.now(dt.timezone.utc))["exit_url"] == DEFAULT_EXIT_URL


@pytest.mark.parametrize("bad", ["https://www.example.org/path", "\"*\"", "javascript:alert(1)", "www.example.org"])
def test_bad_widget_origins_are_refused(bad):
    with pytest.raises(SchoolConfigError, match="widget_origins"):
        parse_school(GOOD.replace("https://www.harbourside.example.org", bad), "x.yml")


def test_exit_page_must_be_https():
    with pytest.raises(SchoolConfigError, match="quick_exit_url"):
        parse_school(GOOD.replace("https://www.bbc.co.uk/weather", "javascript:alert(1)"), "x.yml")
