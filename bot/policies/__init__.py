"""Dialogue policies the project adds to Rasa's."""
