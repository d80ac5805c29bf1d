"""Helpers of the real-browser tests: a uvicorn server in a thread, a logging proxy, chromium's flags."""

from __future__ import annotations

import os
import shutil
import socket
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

#: Debian's chromium; the real binary behind the /usr/bin wrapper is used when present.
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if os.path.exists(p)),
                shutil.which("chromium") or "")

#: The launch flags of shared/design/explorer.md (c): with them chromium made no background request.
#: Only the last --disable-features takes effect, so every feature is in one flag.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-domain-reliability", "--disable-breakpad",
    "--metrics-recording-only", "--disable-client-side-phishing-detection",
    # ours, then Playwright 1.65's own list (our flag replaces its one): PreconnectToSearch and AimEnabled
    # are what otherwise sends CONNECT www.google.com:443 on every page load with chromium 156
    "--disable-features=NetworkTimeServiceQuerying,Translate,MediaRouter,OptimizationHints,"
    "OptimizationGuideModelDownloading,OptimizationHintsFetching,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,PreconnectToSearch,AimEnabled,AvoidUnnecessaryBeforeUnloadCheckSync,"
    "DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,PaintHolding,"
    "ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,SafeBrowsing,SafeBrowsingDownloadProtection,"
    "InterestFeedContentSuggestions,MediaEngagementBypassAutoplayPolicies",
    "--gaia-url=http://127.0.0.1:9", "--google-base-url=http://127.0.0.1:9",
    "--component-updater=url-source=http://127.0.0.1:9/",
    # Google Cloud Messaging's check-in (android.clients.google.com), seen on the first navigation
    "--gcm-checkin-url=http://127.0.0.1:9/", "--gcm-registration-url=http://127.0.0.1:9/",
    "--gcm-mcs-endpoint=http://127.0.0.1:9/", "--safebrowsing-disable-auto-update",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoggingProxy:
    """A loopback 'proxy' that answers nothing and logs the first line of every request it gets."""

    def __init__(self) -> None:
        self.log: list[str] = []
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(2)
                try:
                    data = self.request.recv(4096)
                except OSError:
                    data = b""
                outer.log.append(data.split(b"\r\n", 1)[0].decode("latin-1") or "<connection>")
                try:
                    self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LoggingProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class ServerThread:
    """uvicorn serving ``app`` on a free loopback port in a daemon thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(self.config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def artefact_dir() -> Path:
    d = Path(os.environ.get("REALPOLITIK_TEST_ARTEFACTS", "/tmp/realpolitik-artefacts")) / "explorer"
    d.mkdir(parents=True, exist_ok=True)
    return d
