"""Rasa's SQL tracker store, made to survive a database restart.

Rasa 3.6 pools its connections without checking them: after PostgreSQL restarts, the next turn
fails on a dead connection. This store checks each pooled connection before use
(`pool_pre_ping`); endpoints.yml names it with `type: bot.tracker_store.SQLTrackerStore`.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core import tracker_store as rasa_stores


class SQLTrackerStore(rasa_stores.SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **rasa_stores.create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
