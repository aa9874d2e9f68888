"""Alerts to school staff: who is told when (routing), how (transports), delivery (worker)."""
from bot.alerts.routing import alert_ref, alert_text, queue_alerts_for_case, queue_due_escalations

__all__ = ["alert_ref", "alert_text", "queue_alerts_for_case", "queue_due_escalations"]
