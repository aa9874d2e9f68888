"""The SMS channel's parts: shaping replies, keywords, its tables, sending, answering texts."""
