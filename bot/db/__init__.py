"""The bot's own tables (beside Rasa's tracker store `events` table) and how to reach them."""
