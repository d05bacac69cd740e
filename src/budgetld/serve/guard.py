"""What every response of the server goes through: request size limits, security headers,
and a plain 500 page instead of a stack trace.

An ASGI middleware around the whole application (outside Starlette's own error handling, so
even its answers carry the headers):

- a request whose URL (path and query string) is longer than ``max_url`` bytes is answered
  414, and one whose body is longer than ``max_body`` bytes 413 — by its ``Content-Length``
  before anything is read, or as soon as a chunked body passes the limit (bodies are read
  whole before the application sees them: they are small);
- every response gets a Content-Security-Policy that allows no script, no plug-in, no
  framing and no other origin (the pages need none: charts are SVG drawn on the server),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and
  ``X-Frame-Options: DENY``;
- an exception inside the application is logged with its traceback and answered with a
  plain 500 that says nothing of it (Starlette's own ``Internal Server Error`` when it
  answered first, else ``internal error``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Sent with every response.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
_HEADERS = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
_log = logging.getLogger("budgetld.serve")


class Guard:
    """``app`` behind the request size limits, with the security headers on every response."""

    def __init__(self, app: ASGIApp, max_body: int, max_url: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_url = max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((n, v) for n, v in _HEADERS if n not in names)]
            await send(message)

        url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if url > self.max_url:
            await _plain(send_guarded, 414, f"the URL is longer than the {self.max_url:,} bytes "
                                            "this server accepts; send a long query by POST")
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _plain(send_guarded, 413, self._too_large())
            return
        body = await self._body(receive)
        if body is None:
            await _plain(send_guarded, 413, self._too_large())
            return
        sent = False

        async def receive_body() -> Message:
            nonlocal sent
            if sent:
                return await receive()  # the client's disconnect
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            await self.app(scope, receive_body, send_guarded)
        except Exception:  # noqa: BLE001 - logged here; the client learns nothing of it
            _log.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _plain(send_guarded, 500, "internal error")

    async def _body(self, receive: Receive) -> bytes | None:
        """The request's body, read whole (it is small), or None past the limit — also when
        it comes in chunks without a declared length."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                return None
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _too_large(self) -> str:
        return f"the request body is larger than the {self.max_body:,} bytes this server accepts"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _plain(send: Send, status: int, text: str) -> None:
    body = f"{text}\n".encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
