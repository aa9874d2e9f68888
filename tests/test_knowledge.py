"""What the assistant knows, checked over the whole domain: answers about rules or money say
when they were last checked, form and service answers lead to a person, and school details
come from the school's file rather than from the domain."""
import dataclasses
import datetime as dt
import re
import string

import pytest
from ruamel.yaml import YAML

from bot.conversation import school_slots
from bot.free_school_meals import eligibility_text
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT

YAML_SAFE = YAML(typ="safe")
DOMAIN = YAML_SAFE.load((PROJECT_ROOT / "domain.yml").read_text())
RESPONSES = {name: [v["text"] for v in variants] for name, variants in DOMAIN["responses"].items()}
RULES = [rule for path in sorted((PROJECT_ROOT / "data/rules").glob("*.yml"))
         for rule in YAML_SAFE.load(path.read_text()).get("rules") or []]
CHECKED = re.compile(r"\bChecked (January|February|March|April|May|June|July|August|September|October|November"
                     r"|December) 20\d\d\.")
SCHOOL = next(iter(load_schools(PROJECT_ROOT / "schools").values()))
# Answers about rules or money; form_general_help only offers to explain a form.
RULES_OR_MONEY = sorted(n for n in RESPONSES if n.startswith("utter_form_") and n != "utter_form_general_help")
RULES_OR_MONEY += ["utter_service_housing"]
PERSON = {"utter_offer_hwbl"}


def steps(rule):
    return [s.get("action") or (s.get("intent") and f"intent:{s['intent']}") for s in rule["steps"]]


def rules_after(first_step):
    return [steps(r) for r in RULES if steps(r) and steps(r)[0] == first_step]


@pytest.mark.parametrize("name", RULES_OR_MONEY)
def test_every_answer_about_rules_or_money_says_when_it_was_checked(name):
    for text in RESPONSES[name]:
        assert CHECKED.search(text), f"{name}: say when it was last checked, e.g. 'Checked November 2026.'"


@pytest.mark.parametrize("year", ["reception", "nursery", "year 4"])
@pytest.mark.parametrize("uc, other", [(True, None), (False, True), (False, False)])
def test_every_eligibility_result_says_when_it_was_checked(year, uc, other):
    assert CHECKED.search(eligibility_text(year, uc, other, SCHOOL.council))


FORM_AND_SERVICE_INTENTS = [i for i in DOMAIN["intents"] if i.startswith(("form_", "service_"))]


@pytest.mark.parametrize("intent", FORM_AND_SERVICE_INTENTS)
def test_every_form_and_service_answer_leads_to_a_person(intent):
    """The answer ends with an offer of the HWBL, or with an offer of guided help (a form)
    where 'no' brings the offer of the HWBL and finishing the form ends with a person too
    (the HWBL's offer, or the absence passed to the school office)."""
    [answer] = rules_after(f"intent:{intent}")
    last = answer[-1]
    if last in PERSON:
        return
    assert last.startswith("utter_offer_"), f"{intent} ends with {last}, not an offer"
    [declined] = [s for s in rules_after(last) if s[1] == "intent:deny"]
    assert declined[-1] in PERSON
    [accepted] = [s for s in rules_after(last) if s[1] == "intent:affirm"]
    form = accepted[2]
    [finished] = [steps(r) for r in RULES if r.get("condition") == [{"active_loop": form}] and steps(r)[0] == form]
    assert finished[-1] in PERSON | {"action_report_absence"}


TIME_OF_DAY = re.compile(r"\b\d{1,2}(:\d\d)?\s?(am|pm)\b", re.IGNORECASE)
LOCAL_NUMBER = re.compile(r"\b01\d{3} ?\d{6}\b")


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_no_school_detail_is_written_into_the_domain(name):
    for text in RESPONSES[name]:
        assert not TIME_OF_DAY.search(text), f"{name}: a time of day belongs in the school's file"
        assert not LOCAL_NUMBER.search(text), f"{name}: a school or local number belongs in the school's file"
        assert "Harbourside" not in text and "Kestrel Bay" not in text


def test_school_practicalities_change_with_the_school_file():
    other = dataclasses.replace(
        SCHOOL, office_phone="01632 960999", office_hours="9am to 3pm", term_dates="Summer term starts 12 April.",
        breakfast_club="Breakfast club is in the dining room from 8am.", homework_club="Homework club is on Mondays.",
        uniform_help="Uniform swaps happen every Friday.", council="Gullport Council")
    slots = school_slots(other)

    def render(name):
        return " ".join(t.format(**slots) for t in RESPONSES[name])

    assert render("utter_school_breakfast_club") == "Breakfast club is in the dining room from 8am."
    assert render("utter_school_homework_help") == "Homework club is on Mondays."
    contact = render("utter_school_contact")
    assert "01632 960999" in contact and "9am to 3pm" in contact and "Summer term starts 12 April." in contact
    assert "Uniform swaps happen every Friday." in render("utter_form_uniform_grant")
    assert "01632 960999" in render("utter_form_absence")
    for name, texts in RESPONSES.items():
        for text in texts:
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert fields <= set(slots), f"{name} uses {fields - set(slots)}, which no school file sets"


def test_a_school_file_without_uniform_help_gets_a_plain_default(tmp_path):
    text = (PROJECT_ROOT / "schools/harbourside.yml").read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("uniform_help:"))
    (tmp_path / "school.yml").write_text(text)
    [school] = load_schools(tmp_path).values()
    assert "second-hand uniform" in school.uniform_help
    assert school.next_office_open(dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)).weekday() == 0
