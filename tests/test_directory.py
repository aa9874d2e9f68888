"""The directory of services: loading, searching, replying, and editing the file in place."""
import datetime as dt
import io
import re
import shutil

import pytest

from bot.cli import main
from bot.directory.edit import edit_service
from bot.directory.load import DEFAULT_PATH, DirectoryError, load_directory, parse_text
from bot.directory.model import NEEDS, TOPIC_NEEDS
from bot.directory.reply import NONE_FOUND, reply_messages, service_text
from bot.directory.search import (HERE, IN_TOWN, NATIONAL_LINE, NEIGHBOURING, district_from_text,
                                  find, opening)
from bot.schools import UK
from bot.sms_text import segment_count
from bot.voice import voice_problems

SHIPPED_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")
SHIPPED = load_directory()
BOXING_DAY_2026 = dt.date(2026, 12, 28)  # a Monday, the substitute bank holiday


def at(*args):
    return dt.datetime(*args, tzinfo=UK)


def entry(sid, area="KB2", needs="[food]", hours='{monday: "09:00-17:00"}', extra=""):
    return (f"  - id: {sid}\n    name: {sid.title()}\n    needs: {needs}\n    phone: \"01632 960500\"\n"
            f"    area: {area}\n    hours: {hours}\n    languages: [English]\n    referral: false\n"
            f"    checked: 2026-10-01\n    description: Help.\n{extra}")


def directory(*entries, neighbours="  KB2: [KB1]\n"):
    text = "version: 1\nneighbours:\n" + neighbours + "services:\n" + "".join(entries)
    return parse_text(text, "test.yml", SHIPPED.bank_holidays)


EVERY_DAY = "{" + ", ".join(f'{d}: "20:00-08:00"' for d in
                            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) + "}"


# --- open now ----------------------------------------------------------------------------

@pytest.mark.parametrize("now, is_open", [
    (at(2026, 11, 23, 19, 59), False),  # Monday evening, before the doors open
    (at(2026, 11, 23, 20, 0), True),
    (at(2026, 11, 24, 3, 0), True),  # Tuesday 3am: still Monday night's span
    (at(2026, 11, 24, 7, 59), True),
    (at(2026, 11, 24, 8, 0), False),
    (at(2026, 11, 24, 12, 0), False),
])
def test_open_now_across_midnight(now, is_open):
    shelter = directory(entry("shelter", hours=EVERY_DAY)).services[0]
    assert opening(shelter, now)[0] is is_open


def test_a_night_span_reports_when_it_closes_and_opens():
    shelter = directory(entry("shelter", hours=EVERY_DAY)).services[0]
    assert opening(shelter, at(2026, 11, 24, 3, 0)) == (True, at(2026, 11, 24, 8, 0), None)
    assert opening(shelter, at(2026, 11, 24, 12, 0)) == (False, None, at(2026, 11, 24, 20, 0))
    [match] = find(directory(entry("shelter", hours=EVERY_DAY)), "food", now=at(2026, 11, 23, 23, 0))
    assert "Open now until 8am tomorrow." in service_text(match, at(2026, 11, 23, 23, 0))


def test_shipped_night_shelter_is_open_at_three_in_the_morning():
    results = find(SHIPPED, "housing", now=at(2026, 11, 25, 3, 0), limit=99)
    [match] = [m for m in results if m.service.id == "harbour-night-shelter"]
    assert match.open_now and match.until == at(2026, 11, 25, 8, 0)


def test_back_to_back_days_read_as_one_opening():
    weekend = directory(entry("weekend", hours='{friday: "17:00-24:00", saturday: "00:00-24:00"}')).services[0]
    assert opening(weekend, at(2026, 11, 27, 18, 0)) == (True, at(2026, 11, 29, 0, 0), None)
    assert opening(weekend, at(2026, 11, 29, 9, 0)) == (False, None, at(2026, 12, 4, 17, 0))


def test_closed_on_a_bank_holiday_unless_it_says_so():
    weekday = directory(entry("office", hours='{monday: "09:00-17:00", tuesday: "09:00-17:00"}'),
                        entry("open-anyway", hours='{monday: "09:00-17:00"}', extra="    bank_holidays: open\n"))
    office, open_anyway = weekday.services
    assert opening(office, at(2026, 11, 30, 10, 0), weekday.bank_holidays)[0] is True  # an ordinary Monday
    assert opening(office, at(2026, 12, 28, 10, 0), weekday.bank_holidays) == (False, None, at(2026, 12, 29, 9, 0))
    assert opening(open_anyway, at(2026, 12, 28, 10, 0), weekday.bank_holidays)[0] is True
    assert BOXING_DAY_2026 in SHIPPED.bank_holidays and dt.date(2027, 3, 26) in SHIPPED.bank_holidays


def test_a_night_span_belongs_to_the_day_it_starts():
    shelter = directory(entry("shelter", hours=EVERY_DAY))
    service = shelter.services[0]
    assert opening(service, at(2026, 12, 28, 3, 0), shelter.bank_holidays)[0] is True  # Sunday night's span
    assert opening(service, at(2026, 12, 28, 22, 0), shelter.bank_holidays)[0] is False  # starts on the bank holiday


def test_24_7_is_open_at_any_hour_and_on_bank_holidays():
    line = directory(entry("line", hours="24/7")).services[0]
    for now in (at(2026, 12, 25, 3, 0), at(2026, 12, 28, 12, 0), at(2027, 1, 2, 23, 59)):
        assert opening(line, now, SHIPPED.bank_holidays) == (True, None, None)
    [match] = find(directory(entry("line", hours="24/7")), "food", now=at(2026, 12, 25, 3, 0))
    assert "Open now, day and night." in service_text(match, at(2026, 12, 25, 3, 0))


def test_shipped_lines_on_christmas_night():
    results = find(SHIPPED, "domestic_abuse", district="KB1", now=at(2026, 12, 25, 23, 0))
    assert results[0].service.id == "national-domestic-abuse-helpline" and results[0].open_now
    assert all(not m.open_now for m in results[1:])  # the local service and Men's Advice Line are closed


# --- where and how many ------------------------------------------------------------------

TOWN = (entry("far", area="KB5"), entry("national", area="national"), entry("next-door", area="KB1"),
        entry("here", area="KB2"))


def test_same_district_first_then_neighbours_then_town_then_national():
    results = find(directory(*TOWN), "food", district="kb2", now=at(2026, 11, 23, 10, 0), limit=4)
    assert [m.service.id for m in results] == ["here", "next-door", "far", "national"]
    assert [m.nearness for m in results] == [HERE, NEIGHBOURING, IN_TOWN, NATIONAL_LINE]
    no_area = find(directory(*TOWN), "food", now=at(2026, 11, 23, 10, 0), limit=4)
    assert no_area[-1].service.id == "national"


def test_national_lines_fill_in_when_nothing_local_helps():
    town = directory(entry("local-food", area="KB2"), entry("pact", area="national", needs="[family_legal]"))
    results = find(town, ["family_legal"], district="KB2", now=at(2026, 11, 23, 10, 0))
    assert [m.service.id for m in results] == ["pact"]
    shipped = find(SHIPPED, "family_legal", district="KB6", now=at(2026, 11, 25, 12, 0))
    assert {m.nearness for m in shipped} >= {NATIONAL_LINE}


def test_at_most_three_and_open_ones_first():
    closed_here = entry("closed-here", area="KB2", hours='{sunday: "09:00-17:00"}')
    town = directory(closed_here, *TOWN)
    results = find(town, "food", district="KB2", now=at(2026, 11, 23, 10, 0))
    assert len(results) == 3
    assert [m.open_now for m in results] == [True, True, True]
    assert "closed-here" not in [m.service.id for m in results]
    evening = find(town, "food", district="KB2", now=at(2026, 11, 23, 20, 0), limit=5)
    # all closed: nearest first, and of those the one opening soonest (Sunday before Monday)
    assert [m.service.id for m in evening] == ["closed-here", "here", "next-door", "far", "national"]
    with_line = directory(closed_here, entry("line", area="national", hours="24/7"))
    assert [m.service.id for m in find(with_line, "food", district="KB2", now=at(2026, 11, 23, 20, 0))] == \
        ["line", "closed-here"]


def test_no_results_is_an_empty_list_and_a_kind_reply_with_a_national_line():
    assert find(directory(*TOWN), "sleep", district="KB2", now=at(2026, 11, 23, 10, 0)) == []
    [text] = reply_messages([], at(2026, 11, 23, 10, 0))
    assert text == NONE_FOUND and "sorry" in text and "0808 800 2222" in text and "116 123" in text
    assert voice_problems(text) == []


def test_find_refuses_unknown_needs_and_naive_times():
    with pytest.raises(ValueError, match="unknown needs"):
        find(SHIPPED, ["foodbank"], now=at(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError, match="timezone"):
        find(SHIPPED, ["food"], now=dt.datetime(2026, 11, 23, 10, 0))


def test_a_district_is_read_from_what_the_parent_wrote():
    assert district_from_text(SHIPPED, "any food bank near kb3?") == "KB3"
    assert district_from_text(SHIPPED, "we live at KB5 2QT") == "KB5"
    assert district_from_text(SHIPPED, "KB9 or M1") is None
    assert set(TOPIC_NEEDS.values()) and all(set(v) <= set(NEEDS) for v in TOPIC_NEEDS.values())


# --- the shipped directory and what parents are sent -------------------------------------

MOMENTS = [at(2026, 11, 25, 10, 0), at(2026, 11, 25, 22, 30), at(2026, 11, 28, 3, 0),
           at(2026, 11, 29, 13, 0), at(2026, 12, 25, 12, 0)]


@pytest.mark.parametrize("service", SHIPPED.services, ids=[s.id for s in SHIPPED.services])
def test_every_shipped_entry_reads_well_as_a_text(service):
    for now in MOMENTS:
        matches = [m for m in find(SHIPPED, service.needs, now=now, limit=99) if m.service == service]
        for prefix in ("", "Here are some people who can help.\n"):
            text = service_text(matches[0], now, prefix)
            assert voice_problems(text) == [], text
            assert service.name in text and (service.phone or service.text or "") in text


def test_a_full_reply_is_up_to_three_messages_in_the_voice():
    now = at(2026, 11, 25, 10, 0)
    messages = reply_messages(find(SHIPPED, "send", district="KB2", now=now), now)
    assert len(messages) == 3 and messages[0].startswith("Here are some people who can help.\n")
    assert all(voice_problems(m) == [] for m in messages)


def test_shipped_directory_is_fictional_locally_and_real_nationally():
    services = SHIPPED.services
    assert 25 <= len(services) <= 35
    assert all(any(need in s.needs for s in services) for need in NEEDS)
    numbers = {s.phone for s in services if s.national and s.phone}
    assert numbers == {"116 123", "0808 2000 247", "0808 801 0327", "0808 800 5000", "0800 1111",
                       "0808 800 2222", "0808 800 4444", "0808 808 1677", "0808 802 5544",
                       "0808 808 2003", "111"}
    assert SHIPPED.get("shout").text == "SHOUT to 85258"
    for service in services:
        if not service.national:
            assert re.fullmatch(r"01632 960\d{3}|07700 900\d{3}", service.phone), service.id
            assert service.website is None or re.match(r"https://[a-z.-]*example\.org", service.website)
            assert re.fullmatch(r"KB[1-6]", service.area)


# --- mistakes in the file ----------------------------------------------------------------

def line_of(text, fragment):
    return text[:text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("old, new, complaint", [
    ("    needs: [food]\n", "    needs: [food, foodbank]\n", "unknown need 'foodbank'"),
    ('      monday: "10:00-13:00"\n', '      monday: "9-5"\n', "must look like"),
    ('      monday: "10:00-13:00"\n', '      monday: "10:00-10:00"\n', "open and close at the same time"),
    ('      monday: "10:00-13:00"\n', '      mondy: "10:00-13:00"\n', "did you mean 'monday'"),
    ("    checked: 2026-11-02\n", "    checked: 14/10/2026\n", "must be a date"),
    ("    checked: 2026-11-02\n", "    checked: 2026-13-02\n", "must be a date"),
    ("    area: KB1\n", "    area: Kestrel Bay\n", "postcode district"),
    ('    phone: "01632 960210"\n', "    phone: 01632960210\n", "in quotes"),
    ("    referral: true\n", "    referral: yes\n", "true or false"),
    ("    languages: [English, Polish]\n", "    langauges: [English, Polish]\n", "unknown field 'langauges'"),
    ("    description: Free food parcels", "    description: Free \u2019food\u2019 parcels", "cannot carry"),
])
def test_a_mistake_is_refused_with_its_line(old, new, complaint):
    text = SHIPPED_TEXT.replace(old, new, 1)
    assert text != SHIPPED_TEXT
    with pytest.raises(DirectoryError) as error:
        parse_text(text, "data/services.yml")
    line = line_of(text, new)
    assert complaint in dict(error.value.problems)[line]
    assert f"data/services.yml:{line}: " in str(error.value)


def test_duplicate_ids_and_missing_contacts_are_refused_together():
    text = SHIPPED_TEXT.replace("id: northfield-pantry", "id: kestrel-bay-food-bank")
    text = text.replace('    phone: "01632 960218"\n', "")  # St Anne's has no website either
    with pytest.raises(DirectoryError) as error:
        parse_text(text, "data/services.yml")
    reasons = dict(error.value.problems)
    duplicate = line_of(text, "  - id: kestrel-bay-food-bank\n    name: Northfield")
    assert "used twice (first on line" in reasons[duplicate]
    assert "phone number or a website" in reasons[line_of(text, "  - id: st-annes-community-meal")]


def test_broken_yaml_is_refused_with_its_line():
    text = SHIPPED_TEXT.replace("    needs: [food]\n", "    needs: [food\n", 1)
    with pytest.raises(DirectoryError, match=r"data/services.yml:\d+: not valid YAML"):
        parse_text(text, "data/services.yml")


def test_check_command_exits_1_with_the_line(tmp_path, capsys):
    path = tmp_path / "services.yml"
    path.write_text(SHIPPED_TEXT.replace('      monday: "10:00-13:00"\n', '      monday: "9-5"\n', 1))
    assert main(["directory", "check", "--file", str(path)]) == 1
    line = line_of(path.read_text(), '"9-5"')
    assert f"services.yml:{line}: hours for monday must look like" in capsys.readouterr().err
    path.write_text(SHIPPED_TEXT)
    assert main(["directory", "check", "--file", str(path)]) == 0


# --- changing the file from the command line ----------------------------------------------

@pytest.fixture
def services_file(tmp_path):
    path = tmp_path / "services.yml"
    shutil.copy(DEFAULT_PATH, path)
    return path


ADD_OPTIONS = ["--id", "bay-baby-bank", "--name", "Bay Baby Bank", "--needs", "food,money",
               "--phone", "01632 960999", "--area", "KB4", "--hours", "tuesday=10:00-12:00; friday=18:00-02:00",
               "--languages", "English,Polish", "--referral", "no", "--checked", "2026-11-20",
               "--description", "Nappies, clothes and milk for babies and toddlers: ask at the door."]


def test_add_then_remove_leaves_the_file_byte_for_byte(services_file):
    original = services_file.read_bytes()
    assert main(["directory", "add", "--file", str(services_file), *ADD_OPTIONS]) == 0
    added = load_directory(services_file).get("bay-baby-bank")
    assert added.needs == ("food", "money") and added.hours[1].minutes == 8 * 60
    assert services_file.read_text().startswith(SHIPPED_TEXT)  # appended, nothing above it touched
    assert main(["directory", "remove", "--file", str(services_file), "bay-baby-bank"]) == 0
    assert services_file.read_bytes() == original


def test_add_from_a_yaml_snippet_on_stdin(services_file, monkeypatch):
    original = services_file.read_bytes()
    snippet = entry("snippet-service", area="KB6").replace("  - ", "", 1).replace("\n    ", "\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(snippet))
    assert main(["directory", "add", "--file", str(services_file)]) == 0
    assert load_directory(services_file).get("snippet-service").area == "KB6"
    assert main(["directory", "remove", "--file", str(services_file), "snippet-service"]) == 0
    assert services_file.read_bytes() == original


def test_edit_keeps_comments_and_changes_only_that_line(services_file):
    before = services_file.read_text().splitlines()
    assert main(["directory", "edit", "--file", str(services_file), "kestrel-bay-family-information",
                 "--description", "Help to find and pay for childcare."]) == 0
    after = services_file.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and changed == [(
        "    description: Help to find childcare near you, and to get free hours or help to pay for it.",
        "    description: Help to find and pay for childcare.")]
    assert [l for l in after if l.lstrip().startswith("#")] == [l for l in before if l.lstrip().startswith("#")]


def test_remove_keeps_the_next_section_heading(services_file):
    assert main(["directory", "remove", "--file", str(services_file), "kestrel-bay-family-information"]) == 0
    text = services_file.read_text()
    assert "  # --- Housing ---\n  - id: kestrel-bay-housing-options" in text
    assert "kestrel-bay-family-information" not in text
    assert [l for l in text.splitlines() if "#" in l] == [l for l in SHIPPED_TEXT.splitlines() if "#" in l]


def test_a_change_that_would_break_the_file_is_not_written(services_file, capsys):
    original = services_file.read_bytes()
    assert main(["directory", "edit", "--file", str(services_file), "no-such", "--phone", "1"]) == 1
    assert "no service with id 'no-such'" in capsys.readouterr().err
    assert main(["directory", "edit", "--file", str(services_file), "harbour-night-shelter",
                 "--hours", "monday=9-5"]) == 1
    assert "not saved" in capsys.readouterr().err
    bad_add = [o if o != "KB4" else "Bay" for o in ADD_OPTIONS]
    assert main(["directory", "add", "--file", str(services_file), *bad_add]) == 1
    assert "area must be a postcode district" in capsys.readouterr().err
    assert services_file.read_bytes() == original
    assert main(["directory", "edit", "--file", str(services_file), "samaritans", "--website", ""]) == 0
    assert main(["directory", "edit", "--file", str(services_file), "samaritans", "--phone", ""]) == 1
    assert "phone number or a website" in capsys.readouterr().err
    assert load_directory(services_file).get("samaritans").phone == "116 123"


def test_edit_keeps_quote_styles_and_inline_lists():
    text = edit_service(SHIPPED_TEXT, "harbour-night-shelter",
                        {"phone": "01632 960245", "languages": ["English", "Polish"]})
    assert '    phone: "01632 960245"\n' in text and "    languages: [English, Polish]\n" in text


def test_check_notes_an_entry_that_would_read_hard_and_find_previews_the_reply(services_file, capsys):
    services_file.write_text(SHIPPED_TEXT.replace(
        "description: Text support for when you feel you cannot cope.",
        "description: Confidential textual conversational assistance facilitating emotional regulation."))
    assert main(["directory", "check", "--file", str(services_file)]) == 0
    assert f"note: line {line_of(SHIPPED_TEXT, '  - id: shout')}: 'shout' as a text message: reading ease" \
        in capsys.readouterr().out
    assert main(["directory", "find", "--file", str(DEFAULT_PATH), "housing", "--area", "KB1",
                 "--at", "2026-11-25 03:00"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Here are some people who can help.\nHarbour Night Shelter")
    assert "Open now until 8am." in out


def test_a_long_entry_drops_the_least_needed_details_to_stay_within_two_texts():
    long_one = entry("long", extra="    address: The Big Community Centre Annexe, 125 Long Harbour Road\n")
    long_one = long_one.replace("name: Long", "name: The Kestrel Bay Community Family Support Partnership Hub")
    long_one = long_one.replace("description: Help.", "description: " + "Help with food and bills. " * 4 + "Drop in.")
    long_one = long_one.replace("languages: [English]", "languages: [English, Polish, Romanian, Arabic, Urdu]")
    long_one = long_one.replace("referral: false", "referral: true")
    [match] = find(directory(long_one), "food", now=at(2026, 11, 23, 10, 0))
    text = service_text(match, at(2026, 11, 23, 10, 0), "Here are some people who can help.\n")
    assert segment_count(text) <= 2
    assert "Open now until 5pm." in text and "01632 960500" in text and "referral" in text
    assert "125 Long Harbour Road" not in text
