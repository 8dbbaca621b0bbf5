"""Which other sites may embed FlexRec and call its API (`FLEXREC_ALLOWED_ORIGINS`), enforced three ways.

- CORS: Starlette's own `CORSMiddleware` with the configured list. It must be that exact class:
  Gradio's mounted app then leaves CORS to it, where otherwise it echoes any origin back once the
  server is reached by a name other than localhost.
- Framing: `Content-Security-Policy: frame-ancestors 'self' <origins>` on every response, so an
  `<iframe>` on any other site stays empty.
- Refusal: a request whose `Origin` is neither allowed nor this server's own gets a 403 before it
  reaches the app. Browsers send `Origin` on cross-site fetches and form posts; curl and server-side
  clients send none and are unaffected (CORS and framing are browser protections, not access control).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import gradio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse

from flexrec.errors import InputError

# The package's loader for the <gradio-app> web component: it imports the versioned bundle from
# ./assets/, which the Gradio app serves. Served at a stable URL so embed snippets survive upgrades.
GRADIO_LOADER = Path(gradio.__file__).parent / "templates" / "frontend" / "gradio.js"


def parse_origins(value: str | list[str] | None) -> list[str]:
    """ "https://a.example, https://b.example" (or a JSON list) → normalised origins, no paths."""
    if not value:
        return []
    if isinstance(value, str):
        value = json.loads(value) if value.lstrip().startswith("[") else value.replace(",", " ").split()
    origins = []
    for raw in value:
        parts = urlsplit(raw.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"FLEXREC_ALLOWED_ORIGINS: an origin must look like https://example.org, not {raw!r}")
        origins.append(f"{parts.scheme}://{parts.netloc}".lower())
    return origins


class OriginPolicy:
    """ASGI middleware: frame-ancestors on every response; 403 for a foreign, unlisted `Origin`."""

    def __init__(self, app, allowed: list[str]):
        self.app, self.allowed = app, set(allowed)
        self.csp = ("frame-ancestors 'self' " + " ".join(allowed)).strip().encode("latin-1")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode("latin-1").lower()
        own = headers.get(b"host", b"").decode("latin-1").lower()
        if origin and origin not in self.allowed and urlsplit(origin).netloc != own:
            body = json.dumps({"error": f"origin {origin} may not use this FlexRec (FLEXREC_ALLOWED_ORIGINS)"})
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-security-policy", self.csp)],
                }
            )
            return await send({"type": "http.response.body", "body": body.encode()})

        async def send_with_policy(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", self.csp)]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def allow_embedding(app: FastAPI, origins: list[str]) -> None:
    """Apply the origin policy and serve the web component's loader at `/gradio.js`."""

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_loader():
        return FileResponse(GRADIO_LOADER, media_type="text/javascript")

    app.add_middleware(
        CORSMiddleware, allow_origins=origins, allow_credentials=True, allow_methods=["*"], allow_headers=["*"]
    )
    app.add_middleware(OriginPolicy, allowed=origins)
