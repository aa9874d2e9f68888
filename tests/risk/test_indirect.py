"""Indirect wording (bot/risk/indirect.py): plans, means, symptoms, harm happening now,
signs on a child, a cold and empty home; and the everyday look-alikes that must stay calm."""
import pytest


@pytest.mark.parametrize("text, category", [
    ("planning to end things tonight once the kids are asleep", "self_harm"),
    ("ive got everything i need to go through with it", "self_harm"),
    ("i've written my goodbyes to everyone", "self_harm"),
    ("the notes are on the table for when they get up", "self_harm"),
    ("been stockpiling my sertraline for weeks, got enough now", "self_harm"),
    ("the rope is in the garage ready", "self_harm"),
    ("im sat on the edge of the multi storey", "self_harm"),
    ("my sister has taken all her tablets from the bathroom cabinet", "self_harm"),
    ("my partner is strangling me right now please help", "domestic_abuse"),
    ("he choked me until i blacked out last night", "domestic_abuse"),
    ("my ex has been drinking all day and just drove off with my son in the car", "child_at_risk"),
    ("dads face has gone droopy on one side and his words are slurred", "medical_emergency"),
    ("her lips are swelling up after she ate a cake with nuts", "medical_emergency"),
    ("my toddler got hold of the dishwasher tablets and ate one", "medical_emergency"),
])
def test_indirect_danger_is_critical(rules_screen, text, category):
    result = rules_screen.screen(text)
    assert (result.level, result.category) == ("critical", category)


@pytest.mark.parametrize("text, category", [
    ("the kids would be better off if i wasnt around", "self_harm"),
    ("honestly i just want it all to stop", "self_harm"),
    ("i keep thinking about steering into a tree on the way home", "self_harm"),
    ("i can't see any way out", "self_harm"),
    ("he says hes watching the house from his car", "domestic_abuse"),
    ("he told me nobody would believe me", "domestic_abuse"),
    ("my sisters husband beats her and she wont leave", "domestic_abuse"),
    ("she came home with finger marks on her arm", "child_at_risk"),
    ("the man at my sons club plays special games with him and says dont tell mum", "child_at_risk"),
    ("the little ones upstairs get left on their own all weekend", "child_at_risk"),
    ("the cupboards are bare and theres nothing for the kids", "acute_hardship"),
    ("the boiler has been broken for a fortnight and the baby has a chesty cough", "acute_hardship"),
])
def test_indirect_serious_risk_is_high(rules_screen, text, category):
    result = rules_screen.screen(text)
    assert (result.level, result.category) == ("high", category)


@pytest.mark.parametrize("text", [
    "always teary at the moment",
    "been drinking more than i should to get through the evenings",
    "haven't left the house in days",
    "dont know how much longer i can keep this up",
])
def test_indirect_worry_is_at_least_concern(rules_screen, text):
    assert rules_screen.screen(text).level != "none"


@pytest.mark.parametrize("text", [
    "his face dropped when i said no xbox",
    "my lips are swollen from the dentist",
    "the pharmacy said my tablets are ready to collect",
    "we said our goodbyes to nan at the funeral",
    "said my goodbyes to the year 6 leavers, so emotional",
    "tonights the night! school disco, have the kids got tickets",
    "i'd drive into a wall rather than do the school run again haha",
    "we got left alone all weekend as kids lol",
    "i want everything to stop for a bit, just need a holiday",
    "think ive overdosed on chocolate",
    "no food in the house, need to do a big shop after pick up",
    "i cant see a way out of this contract with the phone company",
])
def test_everyday_look_alikes_raise_nothing_urgent(rules_screen, text):
    assert rules_screen.screen(text).level in ("none", "concern")
