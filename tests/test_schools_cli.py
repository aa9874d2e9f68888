"""`python -m bot schools add | list`: a new school's file, validated, or a clear refusal."""
import shutil

import pytest

from bot.cli import main
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT

GOOD = ["schools", "add", "st-marys", "--name", "St Mary's Primary", "--town", "Kestrel Bay",
        "--council", "Kestrel Bay Council", "--twilio-number", "+447700900002", "--office-phone", "01632 960456",
        "--office-email", "office@stmarys.example.org", "--hwbl-name", "Mrs Shah", "--hwbl-full-name", "Nina Shah",
        "--hwbl-email", "nina.shah@stmarys.example.org", "--hwbl-phone", "+447700900150",
        "--dsl-name", "Mr Ellis", "--dsl-full-name", "Tom Ellis", "--dsl-email", "tom.ellis@stmarys.example.org",
        "--retention-days", "90"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "schools" / "harbourside.yml", folder)
    monkeypatch.setenv("SCHOOLS_DIR", str(folder))
    return folder


def with_option(option, value):
    args = list(GOOD)
    args[2 if option == "id" else args.index(option) + 1] = value
    return args


def test_add_writes_a_valid_school_and_list_shows_it(folder, capsys):
    assert main(GOOD) == 0
    schools = load_schools(folder)
    school = schools["st-marys"]
    assert (school.twilio_number, school.retention_days, school.case_retention_days) == ("+447700900002", 90, 9131)
    assert school.hwbl.full_name == "Nina Shah" and school.dsl.phone is None
    assert 'data-school="st-marys"' in capsys.readouterr().out
    assert main(["schools", "list"]) == 0
    listing = capsys.readouterr().out
    assert "st-marys" in listing and "+447700900002" in listing and "harbourside" in listing


@pytest.mark.parametrize("args, message", [
    (with_option("--twilio-number", "+447700900001"), "harbourside's number already"),
    (with_option("--twilio-number", "07700 900002"), "international form"),
    (with_option("--hwbl-email", "not-an-email"), "--hwbl-email is not an email address"),
    (with_option("--retention-days", "0"), "retention_days"),
    (with_option("id", "St Marys!"), "lower-case letters"),
    (with_option("id", "harbourside"), "already a school 'harbourside'"),
    (with_option("--name", "   "), "'name' is missing"),
])
def test_add_refuses_bad_input_and_writes_nothing(folder, capsys, args, message):
    before = sorted(p.name for p in folder.iterdir())
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "nothing written" in err
    assert sorted(p.name for p in folder.iterdir()) == before
    assert (folder / "harbourside.yml").read_text() == (PROJECT_ROOT / "schools" / "harbourside.yml").read_text()


def test_two_schools_cannot_share_a_twilio_number(folder):
    text = (folder / "harbourside.yml").read_text().replace("id: harbourside", "id: other-school")
    (folder / "other.yml").write_text(text)
    with pytest.raises(Exception, match="harbourside's already|other-school's already"):
        load_schools(folder)
