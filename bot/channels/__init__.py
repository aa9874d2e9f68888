"""Rasa input channels the project owns (configured in credentials.yml)."""
