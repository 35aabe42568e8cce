"""Request bodies refused before they cost: who may send a large one, and how large, counted
while it streams in.

FastAPI reads (and spools to disk) a form's files before any dependency — the login check
included — runs. So the outermost layer decides first, from the headers alone: a body over
:data:`SMALL_BODY` (or of unknown length) is accepted only from a signed-in user whose role may
upload; and every body is counted as it arrives — the whole request against
:data:`MAX_REQUEST_BODY`, each multipart part against :data:`MAX_PART` — and cut off with 413
the moment a limit is passed, not after it is on disk.
"""

from __future__ import annotations

MAX_FILE = 512 * 1024 * 1024
"""One uploaded file (the vault's per-file limit)."""
MAX_PART = MAX_FILE + 16 * 1024
"""One multipart part: a file and its part headers."""
MAX_REQUEST_BODY = 1024 * 1024 * 1024
"""One request, all files together."""
SMALL_BODY = 64 * 1024
"""Anyone may send this much (the login form is far smaller)."""


class BodyTooLarge(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def boundary_of(headers: dict) -> bytes | None:
    """The multipart boundary (with its leading ``--``) of a request, if it is multipart."""
    content_type = headers.get(b"content-type", b"").decode("latin-1")
    if not content_type.lower().startswith("multipart/"):
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "boundary" and value:
            return b"--" + value.strip('"').encode("latin-1")
    return None


def declared_length(headers: dict) -> int | None:
    """Content-Length as a number; None when absent or chunked; -1 when malformed."""
    if b"transfer-encoding" in headers:
        return None
    declared = headers.get(b"content-length")
    if declared is None:
        return 0
    return int(declared) if declared.isdigit() else -1


def counting(receive, boundary: bytes | None, exceeded: dict, max_request: int | None = None,
             max_part: int | None = None):
    """``receive`` that raises :class:`BodyTooLarge` as soon as the body, or one multipart part,
    passes its limit (the part is measured between boundaries, a boundary split across two
    chunks included). The error is also left in ``exceeded["error"]``: a form parser that turns
    any error into its own 400 cannot hide it."""
    max_request = MAX_REQUEST_BODY if max_request is None else max_request
    max_part = MAX_PART if max_part is None else max_part
    state = {"total": 0, "part": 0, "tail": b""}

    async def receive_counted():
        message = await receive()
        if message["type"] != "http.request":
            return message
        chunk = message.get("body", b"")
        state["total"] += len(chunk)
        if state["total"] > max_request:
            exceeded["error"] = BodyTooLarge(f"a request may carry at most {max_request >> 20} MiB")
            raise exceeded["error"]
        if boundary:
            window = state["tail"] + chunk
            last = window.rfind(boundary)
            if last >= 0:
                state["part"] = len(window) - last - len(boundary)
            else:
                state["part"] += len(chunk)
            state["tail"] = window[-(len(boundary) - 1):] if len(boundary) > 1 else b""
            if state["part"] > max_part:
                exceeded["error"] = BodyTooLarge(f"a file may be at most {max_part >> 20} MiB")
                raise exceeded["error"]
        return message

    return receive_counted
