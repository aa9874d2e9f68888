"""Bring a database up to date: Alembic migrations, then the schools from schools/*.yml."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.db.models import School as SchoolRow
from bot.schools import School

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
RASA_TABLES = {"events"}  # Rasa's tracker store shares the database; migrations never touch it


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    table = obj.table.name if type_ == "index" else name
    return not (type_ in ("table", "index") and table in RASA_TABLES)


def upgrade(engine: sa.engine.Engine, schools: Dict[str, School]) -> None:
    """Safe to run any number of times, from several processes in turn."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.begin() as connection:
        known = set(connection.execute(sa.select(SchoolRow.id)).scalars())
        for school in schools.values():
            if school.id in known:
                connection.execute(
                    sa.update(SchoolRow).where(SchoolRow.id == school.id).values(name=school.name)
                )
            else:
                connection.execute(
                    sa.insert(SchoolRow).values(id=school.id, name=school.name, created_at=sa.func.now())
                )
