"""Issue 15, findings 3, 4, 5 and 7: uploads refused before they cost, safe upload names, and
reviewers deciding only the pairs linkage proposed."""

from __future__ import annotations

import anyio
import pytest
from sqlalchemy import select

from sabt.store import models
from sabt.web import bodies

BOUNDARY = "sabtboundary"


def _multipart(parts: list[tuple[str, bytes]]) -> bytes:
    out = b""
    for name, content in parts:
        out += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def _send(app, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, int]:
    """POST /api/evidence straight through ASGI: (status, how many body chunks the app read)."""
    read = {"chunks": 0}
    status = {}

    async def receive():
        if read["chunks"] < len(chunks):
            read["chunks"] += 1
            return {"type": "http.request", "body": chunks[read["chunks"] - 1],
                    "more_body": read["chunks"] < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            status["code"] = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/evidence", "raw_path": b"/api/evidence", "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}

    async def main():
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)
    anyio.run(main)
    return status["code"], read["chunks"]


def _upload_headers(extra: dict[str, str], length: int | None) -> dict[str, str]:
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", **extra}
    if length is not None:
        headers["content-length"] = str(length)
    else:
        headers["transfer-encoding"] = "chunked"
    return headers


@pytest.mark.parametrize("credentials", [{"authorization": "Bearer bogus"}, {"cookie": "sabt_session=bogus"}])
def test_a_bogus_token_or_session_gets_401_before_any_body_is_read(app, credentials):
    body = _multipart([("big.bin", b"x" * 300_000)])
    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    assert _send(app, _upload_headers(credentials, len(body)), chunks) == (401, 0)
    assert _send(app, _upload_headers(credentials, None), chunks) == (401, 0)          # chunked, no length


def test_a_viewer_may_not_send_a_large_body_at_all(app, users):
    body = _multipart([("big.bin", b"x" * 300_000)])
    status, read = _send(app, _upload_headers({"authorization": f"Bearer {users['viewer']}"}, len(body)), [body])
    assert (status, read) == (413, 0)


def test_a_request_over_its_limit_is_refused_unread(app, users):
    declared = bodies.MAX_REQUEST_BODY + 1
    status, read = _send(app, _upload_headers({"authorization": f"Bearer {users['analyst']}"}, declared), [b"x"])
    assert (status, read) == (413, 0)


def test_a_file_over_its_limit_is_cut_off_while_it_streams(app, users, monkeypatch, tmp_path, case):
    monkeypatch.setattr(bodies, "MAX_PART", 200_000)
    body = _multipart([("small.bin", b"s" * 1000), ("big.bin", b"x" * 1_000_000)])
    chunks = [body[i:i + 50_000] for i in range(0, len(body), 50_000)]
    status, read = _send(app, _upload_headers({"authorization": f"Bearer {users['analyst']}"}, len(body)), chunks)
    assert status == 413 and read <= 6 < len(chunks)      # stopped a chunk past the limit, not at the end
    with case.session() as session:
        assert session.scalar(select(models.Evidence)) is None


def test_the_whole_request_is_counted_while_it_streams(app, users, monkeypatch):
    monkeypatch.setattr(bodies, "MAX_REQUEST_BODY", 300_000)
    body = _multipart([(f"f{i}.bin", b"x" * 100_000) for i in range(6)])
    chunks = [body[i:i + 50_000] for i in range(0, len(body), 50_000)]
    status, read = _send(app, _upload_headers({"authorization": f"Bearer {users['analyst']}"}, None), chunks)
    assert status == 413 and read <= 7 < len(chunks)


def test_upload_names_are_cut_at_255_bytes_on_a_character_boundary_and_lose_bidi_controls(api, case):
    persian = "گزارش" * 30 + ".txt"            # 150 Persian letters: 300 bytes of UTF-8
    sent = api("analyst").post("/api/evidence", files=[
        ("files", (persian, b"first file", "text/plain")),
        ("files", ("\u202egnp.exe", b"second file", "text/plain")),
        ("files", ("نامه\u200cها \u2067x\u2069.txt", b"third file", "text/plain"))])
    assert sent.status_code == 201, sent.text
    names = [e["original_name"] for e in sent.json()]
    assert len(names[0].encode("utf-8")) <= 255 and names[0] == persian.encode()[:255].decode("utf-8", "ignore")
    assert names[1] == "gnp.exe"
    assert names[2] == "نامه\u200cها x.txt"          # the Persian zero-width non-joiner stays


def test_a_reviewer_decides_only_pairs_linkage_proposed_an_analyst_any(api, seeded):
    records = seeded["records"]
    proposed = {"record_a": records["H-3"], "record_b": records["H-4"], "decision": "accept"}
    unproposed = {"record_a": records["H-1"], "record_b": records["H-3"], "decision": "accept"}
    reviewer, analyst = api("reviewer"), api("analyst")
    assert reviewer.post("/api/review/decisions", json=proposed).status_code == 200
    refused = reviewer.post("/api/review/decisions", json=unproposed)
    missing = reviewer.post("/api/review/decisions", json={**unproposed, "record_b": 99999})
    assert refused.status_code == missing.status_code == 404
    assert refused.json()["detail"] == missing.json()["detail"]
    assert analyst.post("/api/review/decisions", json=unproposed).status_code == 200
