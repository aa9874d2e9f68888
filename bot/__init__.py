"""Parent-support assistant: everything that is not a Rasa action."""
