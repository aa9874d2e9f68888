"""Weekly check-ins by SMS: opt-in (by text or on the web), the scheduler, the answers."""
