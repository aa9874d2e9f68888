"""Rasa custom actions, one module a topic. They stay thin and call into `bot`."""
