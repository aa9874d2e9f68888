"""What a service in the directory is: plain data, no file handling and no clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Optional, Tuple

# The fixed vocabulary of needs. Each one answers one or more of the topics in
# contract/topics.yml (service_* topics, some forms, and `lonely`).
NEEDS: Dict[str, str] = {
    "food": "food banks, pantries, free meals",
    "housing": "housing, homelessness, eviction, heating and energy bills",
    "money": "benefits, debt, grants, cost of living",
    "forms": "help to fill in forms and letters",
    "mental_health": "an adult's mental health",
    "domestic_abuse": "a partner or family member who controls, hurts or threatens",
    "bereavement": "grief, a death in the family",
    "send": "special educational needs, autism and ADHD assessments, EHCPs",
    "child_mental_health": "a child's anxiety, low mood or self-esteem; CAMHS",
    "behaviour": "a child's behaviour, parenting courses",
    "sleep": "a child's sleep, bedtime battles",
    "bullying": "a child being bullied or bullying others",
    "online_safety": "games, social media, online strangers",
    "family_legal": "court, child contact, a parent in prison",
    "health": "serious illness, hospital, medical needs",
    "childcare": "finding and paying for childcare",
    "loneliness": "isolation, somebody to talk to, meeting other parents",
}

# Which needs to look up for each topic the assistant recognises.
TOPIC_NEEDS: Dict[str, Tuple[str, ...]] = {
    "service_food": ("food",),
    "service_housing": ("housing",),
    "service_mental_health": ("mental_health",),
    "service_domestic_abuse": ("domestic_abuse",),
    "service_bereavement": ("bereavement",),
    "service_send_support": ("send",),
    "service_child_mental_health": ("child_mental_health",),
    "service_behaviour": ("behaviour",),
    "service_sleep": ("sleep",),
    "service_bullying": ("bullying",),
    "service_online_safety": ("online_safety",),
    "service_family_legal": ("family_legal",),
    "service_health": ("health",),
    "form_free_school_meals": ("food", "money"),
    "form_uniform_grant": ("money",),
    "form_send_ehcp": ("send",),
    "form_childcare_funding": ("childcare",),
    "form_benefits": ("money",),
    "form_general_help": ("forms",),
    "lonely": ("loneliness",),
}

NATIONAL = "national"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Span:
    """Open on `day` (0 = Monday) from `start` for `minutes`; may run past midnight."""

    day: int
    start: dt.time
    minutes: int


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    needs: Tuple[str, ...]
    area: str  # a postcode district such as "KB3", or "national"
    hours: Optional[Tuple[Span, ...]]  # None means open 24/7
    languages: Tuple[str, ...]
    referral: bool
    checked: dt.date
    description: str
    phone: Optional[str] = None
    text: Optional[str] = None  # e.g. "SHOUT to 85258"
    website: Optional[str] = None
    address: Optional[str] = None
    bank_holidays_open: bool = False
    line: int = 0  # where it starts in the file, for messages

    @property
    def always_open(self) -> bool:
        return self.hours is None

    @property
    def national(self) -> bool:
        return self.area == NATIONAL


@dataclass(frozen=True)
class Directory:
    services: Tuple[Service, ...]
    neighbours: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    bank_holidays: FrozenSet[dt.date] = frozenset()
    path: str = ""

    def get(self, service_id: str) -> Optional[Service]:
        return next((s for s in self.services if s.id == service_id), None)
