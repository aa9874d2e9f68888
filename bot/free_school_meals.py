"""Free school meals in England: who can get them (checked November 2026).

Every child in Reception, Year 1 and Year 2 gets universal infant free school meals. From
September 2026 every family on Universal Credit can get them, whatever it earns (before then
there was a 7,400 pound earnings limit). Other qualifying benefits: Income Support,
income-based JSA, income-related ESA, Child Tax Credit without Working Tax Credit (income
up to 16,190 pounds), the guarantee element of Pension Credit, support under Part VI of the
Immigration and Asylum Act 1999. Children who already get them keep them until the end of
their current phase of school (transitional protection).
"""
from __future__ import annotations

import re
from typing import Optional

LAST_CHECKED = "November 2026"
INFANT_YEARS = {"reception", "year 1", "year 2"}
_YEAR = re.compile(r"\b(?:y|yr|year)\s*([1-6])\b|\b([1-6])(?:st|nd|rd|th)?\s*year\b")
_WORD_YEARS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}


def school_year(text: str) -> Optional[str]:
    """'reception', 'nursery' or 'year N' from what a parent wrote, or None."""
    lowered = text.lower()
    for word, digit in _WORD_YEARS.items():
        lowered = re.sub(rf"\b(year|yr)\s+{word}\b", rf"\1 {digit}", lowered)
    if re.search(r"\b(reception|recepton|reciption|foundation|fs2)\b", lowered):
        return "reception"
    if re.search(r"\b(nursery|preschool|pre-school|fs1)\b", lowered):
        return "nursery"
    match = _YEAR.search(lowered)
    if match:
        return f"year {match.group(1) or match.group(2)}"
    if re.fullmatch(r"\s*[1-6]\s*", lowered):
        return f"year {lowered.strip()}"
    return None


def eligibility_text(year: str, universal_credit: Optional[bool], other_benefits: Optional[bool], council: str) -> str:
    if year in INFANT_YEARS:
        return (
            f"Good news: every child in Reception, Year 1 and Year 2 gets free school meals, so yours can. "
            f"If you get benefits, still apply to {council}, as it gives the school extra money for your child. "
            f"Checked {LAST_CHECKED}."
        )
    if year == "nursery":
        return (
            "Free school meals start in Reception. Some nurseries give free meals to families who get help, "
            f"so it's worth a try to ask yours. Checked {LAST_CHECKED}."
        )
    if universal_credit or other_benefits:
        reason = "Since September 2026, every family on Universal Credit can, whatever you earn." if universal_credit else ""
        return (
            f"It looks like your child can get free school meals. {reason} Apply to {council} online. "
            f"Checked {LAST_CHECKED}."
        ).replace("  ", " ")
    return (
        "From what you've told me, your child may not get free school meals right now. "
        f"If your money or benefits change, ask me again. Checked {LAST_CHECKED}."
    )
