"""`backchannel serve`: the built site over HTTP on this machine, so that its search works (Pagefind loads its
index with fetch, which browsers refuse for pages opened from disk)."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path


def server(folder: Path, port: int = 8000, bind: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for `folder` (not yet serving)."""
    return http.server.ThreadingHTTPServer((bind, port), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder)))


def serve(folder: Path, port: int = 8000, bind: str = "127.0.0.1") -> int:
    """Serve `folder` until Ctrl-C; print its address first."""
    with server(folder, port, bind) as httpd:
        host, chosen = httpd.server_address[:2]
        print(f"Serving {folder} at http://{host}:{chosen}/ (search: http://{host}:{chosen}/search.html); "
              "Ctrl-C stops.", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            print("stopped")
    return 0
