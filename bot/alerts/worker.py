"""The alert worker: claims due alerts from the outbox, delivers them, records the outcome.

A claim is committed before anything is sent, and no transaction stays open across a network
call. An alert left in 'sending' by a worker that died is reconciled once its lease runs out:
SMS asks Twilio whether the message went (by the ref in its text) before sending again;
email is sent again with the same Message-ID.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from bot.absence import office_email
from bot.alerts.routing import alert_ref, alert_text, email_subject, naive_utc, queue_due_escalations
from bot.alerts.transports import SEND_TIMEOUT, DeliveryError, transports_from_settings
from bot.db.engine import transaction
from bot.db.models import AbsenceReport, Alert, AuditEntry, Case, utcnow
from bot.schools import School
from bot.settings import Settings

log = logging.getLogger(__name__)
ACTOR = "alert-worker"
LEASE = dt.timedelta(seconds=60)
BACKOFF = (5, 30, 120, 600)  # seconds after attempt 1, 2, 3, 4 and later
MAX_ATTEMPTS = 8
ALERTS = Alert.__table__


@dataclass(frozen=True)
class Job:
    """One claimed alert, with all it needs to be sent outside any transaction."""

    id: int
    school_id: str
    case_id: Optional[int]  # None for an absence report to the office
    kind: str
    role: str
    transport: str
    address: str
    key: str
    attempts: int          # including this one
    claimed_at: dt.datetime
    created_at: dt.datetime
    reconcile: bool        # tried before: check whether it went before sending again
    body: str
    subject: str


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


class AlertWorker:
    def __init__(self, sessions_factory: sessionmaker, schools: Dict[str, School], settings: Settings,
                 transports: Dict[str, object], batch: int = 20, lease: dt.timedelta = LEASE):
        if lease.total_seconds() <= 2 * SEND_TIMEOUT:
            raise ValueError("the lease must outlast a send: a live worker must finish before it ends")
        self.sessions, self.schools, self.settings = sessions_factory, schools, settings
        self.transports, self.batch, self.lease = transports, batch, lease

    # -- one round ---------------------------------------------------------------------------
    async def run_once(self, now: Optional[dt.datetime] = None) -> int:
        """Deliver what is due (and reconcile what a dead worker left); returns how many went."""
        now = naive_utc(now or utcnow())
        jobs = await asyncio.to_thread(self._claim, now)
        results = await asyncio.gather(*(self._attempt(job, now) for job in jobs), return_exceptions=True)
        for job, result in zip(jobs, results):
            if isinstance(result, BaseException):  # its claim lapses and it is reconciled later
                log.error("alert %s: outcome not recorded: %r", job.id, result)
        return sum(r for r in results if isinstance(r, int))

    async def escalate(self, now: Optional[dt.datetime] = None) -> int:
        def work() -> int:
            with transaction(self.sessions) as session:
                return len(queue_due_escalations(session, self.schools, self.settings, now or utcnow()))
        return await asyncio.to_thread(work)

    async def run_forever(self, stop: asyncio.Event, interval: float = 2.0) -> None:
        while not stop.is_set():
            busy = False
            try:
                await self.escalate()
                busy = await self.run_once() >= self.batch
            except Exception:  # the database may be away for a moment: try again next round
                log.exception("alert worker round failed")
            if not busy:
                try:
                    await asyncio.wait_for(stop.wait(), interval)
                except asyncio.TimeoutError:
                    pass

    # -- claiming (blocking: run in a thread) --------------------------------------------------
    def _claim(self, now: dt.datetime) -> List[Job]:
        with transaction(self.sessions) as session:
            stale = self._claim_stale(session, now)
        with transaction(self.sessions) as session:
            if session.get_bind().dialect.name == "postgresql":
                due = self._claim_locked(session, now)
            else:
                due = self._claim_compare_and_set(session, now)
            return self._jobs(session, stale, due)

    def _claim_stale(self, session, now: dt.datetime) -> List[int]:
        rows = session.execute(
            sa.select(ALERTS.c.id, ALERTS.c.claimed_at)
            .where(ALERTS.c.status == "sending", ALERTS.c.claimed_at < now - self.lease)
            .order_by(ALERTS.c.id).limit(self.batch)
        ).all()
        return [row.id for row in rows if self._take(session, row.id, ALERTS.c.status == "sending",
                                                      ALERTS.c.claimed_at == row.claimed_at, now=now)]

    def _claim_locked(self, session, now: dt.datetime) -> List[int]:
        ids = session.execute(
            sa.select(ALERTS.c.id).where(ALERTS.c.status == "queued", ALERTS.c.not_before <= now)
            .order_by(ALERTS.c.not_before, ALERTS.c.id).limit(self.batch).with_for_update(skip_locked=True)
        ).scalars().all()
        if ids:
            session.execute(ALERTS.update().where(ALERTS.c.id.in_(ids)).values(
                status="sending", claimed_at=now, attempts=ALERTS.c.attempts + 1))
        return list(ids)

    def _claim_compare_and_set(self, session, now: dt.datetime) -> List[int]:
        ids = session.execute(
            sa.select(ALERTS.c.id).where(ALERTS.c.status == "queued", ALERTS.c.not_before <= now)
            .order_by(ALERTS.c.not_before, ALERTS.c.id).limit(self.batch)
        ).scalars().all()
        return [i for i in ids if self._take(session, i, ALERTS.c.status == "queued", now=now)]

    @staticmethod
    def _take(session, alert_id: int, *conditions, now: dt.datetime) -> bool:
        result = session.execute(ALERTS.update().where(ALERTS.c.id == alert_id, *conditions).values(
            status="sending", claimed_at=now, attempts=ALERTS.c.attempts + 1))
        return result.rowcount == 1

    def _jobs(self, session, stale: List[int], due: List[int]) -> List[Job]:
        if not stale and not due:
            return []
        alerts = session.execute(sa.select(Alert).where(Alert.id.in_(stale + due))).scalars().all()
        cases = {c.id: c for c in session.execute(
            sa.select(Case).where(Case.id.in_({a.case_id for a in alerts}))).scalars()}
        absences = {r.id: r for r in session.execute(
            sa.select(AbsenceReport).where(AbsenceReport.id.in_({a.absence_id for a in alerts}))).scalars()}
        jobs = []
        for alert in alerts:
            school = self.schools.get(alert.school_id) or SimpleNamespace(short_name=alert.school_id)
            if alert.absence_id is not None:
                subject, body = office_email(school, absences[alert.absence_id])
            else:
                case = cases[alert.case_id]
                subject, body = email_subject(school, case, alert), alert_text(school, case, self.settings, alert)
            jobs.append(Job(
                id=alert.id, school_id=alert.school_id, case_id=alert.case_id, kind=alert.kind,
                role=alert.recipient_role, transport=alert.transport, address=alert.address,
                key=alert.idempotency_key, attempts=alert.attempts, claimed_at=alert.claimed_at,
                created_at=alert.created_at, reconcile=alert.id in stale or alert.attempts > 1,
                body=body, subject=subject,
            ))
        return jobs

    # -- delivering ----------------------------------------------------------------------------
    async def _attempt(self, job: Job, now: dt.datetime) -> int:
        try:
            provider_id = await self._deliver(job)
        except DeliveryError as error:
            await asyncio.to_thread(self._record_failure, job, error, now)
            return 0
        except Exception as error:  # a bug must not lose the alert: it is tried again
            log.exception("alert %s: unexpected error", job.id)
            await asyncio.to_thread(self._record_failure, job, DeliveryError(type(error).__name__, True), now)
            return 0
        return await asyncio.to_thread(self._record_sent, job, provider_id, now)

    async def _deliver(self, job: Job) -> str:
        transport = self.transports.get(job.transport)
        if transport is None:
            raise DeliveryError(f"{job.transport} is not configured for the alert worker", True)
        if job.transport == "sms":
            if job.reconcile:
                found = await transport.find_sent(job.address, alert_ref(job.id), since=job.created_at)
                if found:
                    log.info("alert %s had been sent already (%s)", job.id, found)
                    return found
            return await transport.send(job.address, job.body)
        if job.transport == "email":
            return await transport.send(job.address, job.subject, job.body, transport.message_id(job.key))
        raise DeliveryError(f"unknown transport {job.transport}", False)

    # -- recording (blocking: run in a thread) -------------------------------------------------
    def _ours(self, job: Job):
        """Only the holder of the current claim may record an outcome."""
        return ALERTS.update().where(ALERTS.c.id == job.id, ALERTS.c.status == "sending",
                                     ALERTS.c.claimed_at == job.claimed_at)

    def _record_sent(self, job: Job, provider_id: str, now: dt.datetime) -> int:
        with transaction(self.sessions) as session:
            done = session.execute(self._ours(job).values(
                status="sent", sent_at=now, provider_id=provider_id, last_error=None)).rowcount
            if done:
                self._audit(session, job, "alert_sent", f"{job.kind} alert {job.id} to {job.role} by {job.transport}")
            else:
                log.warning("alert %s was sent but its claim had been taken over", job.id)
        return done

    def _record_failure(self, job: Job, error: DeliveryError, now: dt.datetime) -> None:
        give_up = not error.retryable or job.attempts >= MAX_ATTEMPTS
        log.warning("alert %s attempt %s failed (%s): %s", job.id, job.attempts,
                    "giving up" if give_up else "will retry", error.reason)
        with transaction(self.sessions) as session:
            if give_up:
                done = session.execute(self._ours(job).values(status="failed", last_error=error.reason)).rowcount
                if done:
                    self._audit(session, job, "alert_failed",
                                f"{job.kind} alert {job.id} to {job.role} by {job.transport}: {error.reason}")
            else:
                session.execute(self._ours(job).values(
                    status="queued", last_error=error.reason, not_before=now + backoff(job.attempts)))

    @staticmethod
    def _audit(session, job: Job, action: str, detail: str) -> None:
        session.add(AuditEntry(school_id=job.school_id, actor=ACTOR, action=action, case_id=job.case_id,
                               detail=detail))


def main_worker(settings: Settings) -> int:
    """Run the alert worker until SIGINT or SIGTERM (`python -m bot worker`)."""
    from bot.runtime import close_runtime, open_runtime

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = open_runtime(settings)
    try:
        return asyncio.run(_serve(runtime))
    finally:
        close_runtime()


async def _serve(runtime) -> int:
    transports = transports_from_settings(runtime.settings)
    if not transports:
        log.warning("neither Twilio nor SMTP_URL is set: alerts will only show in the inbox")
    worker = AlertWorker(runtime.sessions, runtime.schools, runtime.settings, transports)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("alert worker started (%s)", ", ".join(transports) or "no transports")
    try:
        await worker.run_forever(stop)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        for transport in transports.values():
            await transport.close()
    log.info("alert worker stopped")
    return 0
