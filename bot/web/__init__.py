"""The bot service: demo school page, chat relay to Rasa, health, and later the inbox."""
