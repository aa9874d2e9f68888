"""Alembic environment: runs against the connection handed over by bot.db.migrate."""
from alembic import context

from bot.db.migrate import include_object
from bot.db.models import Base


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
