"""Linkage and estimation started from the web run in the background (they take seconds to
minutes): the request that starts one answers at once with the job, the page polls its progress
(``GET /run/jobs/{id}``, htmx every second; ``GET /api/jobs/{id}`` as JSON) and stays usable.

Jobs live in the server process that started them (a thread each, one run at a time, as before);
with ``sabt serve --workers N`` a poll that reaches another process answers 404, so the run page
says to reload — the run itself finishes regardless and its result is in the case. A job keeps
no identity: its summary holds counts and ids, its error the message of a refusal or the type of
an unexpected failure (never a traceback, which could hold a name)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sabt.errors import SabtError
from sabt.web.views import data

Progress = Callable[[str, int, int], None]
KEEP = 50   # finished jobs kept for their pages


@dataclass
class Job:
    id: str
    kind: str            # "link" or "estimate"
    user: str
    started: float = field(default_factory=time.monotonic)
    state: str = "running"   # running, done, failed
    step: str = ""
    done: int = 0
    total: int = 0
    finished: float | None = None
    summary: dict | None = None
    error: str | None = None

    def progress(self, step: str, done: int, total: int | None) -> None:
        """A step's progress; a ``total`` of None (not known yet) shows an indeterminate bar."""
        self.step, self.done, self.total = step, int(done), int(total or 0)

    @property
    def seconds(self) -> int:
        return int((self.finished or time.monotonic()) - self.started)

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "state": self.state, "step": self.step, "done": self.done,
                "total": self.total, "seconds": self.seconds, "summary": self.summary, "error": self.error}


class Jobs:
    """The server's background runs."""

    def __init__(self, logger=None) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._logger = logger

    def start(self, kind: str, user: str, work: Callable[[Progress], dict]) -> Job:
        """Start ``work(progress)`` in a thread; refused while another run is under way."""
        with self._lock:
            if any(j.state == "running" for j in self._jobs.values()):
                raise data.Refused("a linkage or estimation run is already under way; wait for it to finish")
            job = Job(id=secrets.token_urlsafe(9), kind=kind, user=user)
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state != "running"]
            for old in finished[:-KEEP]:
                del self._jobs[old.id]
        threading.Thread(target=self._run, args=(job, work), name=f"sabt-{kind}-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job, work: Callable[[Progress], dict]) -> None:
        try:
            job.summary = work(job.progress)
            job.state = "done"
        except SabtError as error:             # a refusal says why (no identity in these)
            job.error, job.state = str(error), "failed"
        except Exception as error:             # noqa: BLE001 — the type only, never the message
            job.error, job.state = f"the run failed ({type(error).__name__}); see the server log", "failed"
            if self._logger is not None:
                self._logger.error("job %s %s failed error=%s", job.kind, job.id, type(error).__name__)
        finally:
            job.finished = time.monotonic()

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise data.NotFound("no such run in this server process (it may have finished in another); reload the page")
        return job

    def running(self) -> Job | None:
        return next((j for j in list(self._jobs.values()) if j.state == "running"), None)

    def wait(self, job_id: str, timeout: float = 120.0) -> Job:
        """Block until the job ends (tests, scripts)."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job.state == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
        return job
