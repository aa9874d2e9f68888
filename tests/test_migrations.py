"""Migrations match the models, run twice safely, and leave Rasa's table alone."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db.engine import make_engine
from bot.db.migrate import include_object, upgrade
from bot.db.models import Base
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT

SCHOOLS = load_schools(PROJECT_ROOT / "schools")


def _check(url):
    engine = make_engine(url)
    try:
        upgrade(engine, SCHOOLS)
        upgrade(engine, SCHOOLS)  # twice is safe
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"include_object": include_object}), Base.metadata)
            schools = connection.execute(sa.text("SELECT id FROM schools")).scalars().all()
        assert diff == [], diff
        assert schools == ["harbourside"]
    finally:
        engine.dispose()


def test_sqlite_migrations_match_models(sqlite_url):
    _check(sqlite_url)


def test_postgresql_migrations_match_models(postgres_url):
    _check(postgres_url)
