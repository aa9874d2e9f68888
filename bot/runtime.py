"""What a process opens once at start-up and closes at shutdown: settings, schools, database."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from bot.db.engine import make_engine, make_session_factory
from bot.schools import School, default_school, load_schools
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.directory.model import Directory


@dataclass
class Runtime:
    settings: Settings
    schools: Dict[str, School]
    engine: sa.engine.Engine
    sessions: sessionmaker
    directory: Optional["Directory"] = None  # loaded by the processes that answer parents

    def school(self, school_id: Optional[str]) -> School:
        """The named school, or the deployment's default one for an unknown id."""
        return self.schools.get(school_id or "") or default_school(self.schools)

    def school_for_number(self, number: Optional[str]) -> Optional[School]:
        return next((s for s in self.schools.values() if s.twilio_number == number), None)


_current: Optional[Runtime] = None


def open_runtime(settings: Optional[Settings] = None) -> Runtime:
    global _current
    settings = settings or Settings.from_env()
    schools = load_schools(settings.schools_dir)
    engine = make_engine(settings.database_url)
    _current = Runtime(settings, schools, engine, make_session_factory(engine))
    return _current


def close_runtime() -> None:
    global _current
    if _current is not None:
        _current.engine.dispose()
        _current = None


def runtime() -> Runtime:
    if _current is None:
        raise RuntimeError("the runtime is not open: call open_runtime() at start-up")
    return _current
