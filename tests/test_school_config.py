import datetime as dt
from pathlib import Path

import pytest

from bot.conversation import passed_to_hwbl_text
from bot.schools import UK, SchoolConfigError, load_schools, parse_school
from bot.settings import PROJECT_ROOT

GOOD = (PROJECT_ROOT / "schools" / "harbourside.yml").read_text()


@pytest.fixture
def school():
    return load_schools(PROJECT_ROOT / "schools")["harbourside"]


def at(*args):
    return dt.datetime(*args, tzinfo=UK)


def test_hours_in_plain_words(school):
    assert school.hours_text() == "Monday to Thursday, 8:30am to 4pm; Friday, 8:30am to 3:30pm"


@pytest.mark.parametrize(
    "now, expected",
    [
        (at(2026, 11, 25, 10, 0), at(2026, 11, 25, 10, 0)),  # Wednesday, in hours: now
        (at(2026, 11, 25, 22, 0), at(2026, 11, 26, 8, 30)),  # Wednesday night: next morning
        (at(2026, 11, 27, 15, 45), at(2026, 11, 30, 8, 30)),  # Friday after 3:30pm: Monday
        (at(2026, 11, 28, 3, 0), at(2026, 11, 30, 8, 30)),  # Saturday: Monday
        (at(2026, 12, 21, 9, 0), at(2027, 1, 5, 8, 30)),  # Christmas holidays: Tuesday 5 Jan
    ],
)
def test_next_working_start(school, now, expected):
    assert school.next_working_start(now) == expected


def test_out_of_hours_message_says_when(school):
    text = passed_to_hwbl_text(school, at(2026, 11, 25, 22, 0))
    assert "tomorrow at 8:30am" in text and "116 123" in text
    assert "today" in passed_to_hwbl_text(school, at(2026, 11, 25, 10, 0))


@pytest.mark.parametrize(
    "edit, complaint",
    [
        (lambda t: t.replace("id: harbourside", "id: Bad School!"), "id must be"),
        (lambda t: t.replace('monday: "08:30-16:00"', 'monday: "half eight"'), "08:30-16:00"),
        (lambda t: t.replace('friday: "08:30-15:30"', 'friday: "15:30-08:30"'), "end before"),
        (lambda t: t.replace("  name: Mrs Harper\n", ""), "'name' is missing"),
        (lambda t: t.replace("end: 2027-01-04", "end: 2026-01-04"), "ends before"),
        (lambda t: t + "\n  : : [", "not valid YAML"),
        (lambda t: "- just\n- a list\n", "expected a mapping"),
    ],
)
def test_a_broken_school_file_is_refused_with_the_reason(edit, complaint):
    with pytest.raises(SchoolConfigError, match=complaint):
        parse_school(edit(GOOD), "schools/x.yml")


def test_two_files_with_one_id_are_refused(tmp_path: Path):
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD)
    with pytest.raises(SchoolConfigError, match="used twice"):
        load_schools(tmp_path)


def test_an_empty_folder_is_refused(tmp_path: Path):
    with pytest.raises(SchoolConfigError, match="no school files"):
        load_schools(tmp_path)
