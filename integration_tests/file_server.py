"""A tiny HTTP file server on 127.0.0.1 for resume URLs (the connector downloads them for base64-only ATSs)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PDF_BYTES = b"%PDF-1.4\n% sourced resume\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


class _Handler(BaseHTTPRequestHandler):
    files: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:
        entry = self.files.get(self.path.split("?", 1)[0])
        if entry is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = entry
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def file_server(files: dict[str, tuple[str, bytes]] | None = None) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"files": files or {"/resume.pdf": ("application/pdf", PDF_BYTES)}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
