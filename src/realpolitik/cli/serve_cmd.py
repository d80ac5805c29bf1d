"""``realpolitik serve``: the explorer, a local web page where the assumptions move and the answer follows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from ._common import err_console, fail, handle_errors

#: Host names the loopback server answers to (DNS rebinding: any other Host header is refused).
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)


@handle_errors
def serve(
    target: Optional[str] = typer.Argument(None, help="A scenario file, a folder of scenarios or a catalogue id "
                                                      "(default: the current folder)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (0.0.0.0 exposes the explorer to "
                                                          "the network: no login protects it)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to bind."),
    db: Optional[str] = typer.Option(None, "--db", help="A forecast registry (file path or database URL): adds "
                                                        "the registry page and the Record forecast button."),
    n: int = typer.Option(400, "-n", "--n", min=16, max=20_000,
                          help="Monte Carlo samples of every forecast shown (stated on the page; sized for a "
                               "fast slider; 1000 gives realpolitik brief's numbers)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the sampling design."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=64,
                                          help="Worker processes (default: 2 on a machine with 2 or more "
                                               "cores, else 1). The state is in the URL, so any worker "
                                               "answers any request."),
) -> None:
    """Serve the explorer: edit actors and parameters in a browser and watch the forecast change."""
    from ..explorer import require

    require()
    import uvicorn

    from .. import catalog
    from ..explorer import create_app

    start: Optional[str] = None
    root = Path(".")
    if target:
        p = Path(target)
        if p.is_dir():
            root = p
        elif p.is_file():
            root, start = p.parent, p.name
        elif target in catalog.ids():
            start = target
        else:
            fail(f"{target}: no such file, folder or catalogue scenario (catalogue: {', '.join(catalog.ids())})")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[bold yellow]warning:[/] binding {host}: anyone who can reach this machine on port "
                          f"{port} can read the served scenarios and write new ones into {root.resolve()}; "
                          "there is no login. Use the default 127.0.0.1 unless you mean it.", highlight=False)
        allowed = None
    else:
        allowed = [f"{h}:{port}" for h in _LOOPBACK] + list(_LOOPBACK)
    if workers is None:
        workers = 2 if (os.cpu_count() or 1) >= 2 else 1
    settings = {"start": start, "n": n, "seed": seed, "allowed_hosts": allowed, "registry_url": db}
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/" + (f"s/{start}" if start else "")
    opts = {"host": host, "port": port, "log_level": "warning", "server_header": False, "date_header": False}
    if start is not None:
        err_console.print(f"preparing {start} ({n} samples, {workers} worker{'s' if workers > 1 else ''})…",
                          highlight=False)
    if workers == 1:
        from ..explorer.app import warm

        app = create_app(root, **settings)
        if start is not None:
            warm(root, start, n=n, seed=seed)
        err_console.print(f"realpolitik explorer on {url}  (serving {root.resolve()}; Ctrl-C stops)",
                          highlight=False)
        uvicorn.run(app, **opts)
        return
    # Several processes share the Monte Carlo load (one process runs one simulation at a time under the
    # GIL). Each worker builds its own app from the same settings and CSRF token, handed over in the
    # environment (spawned workers do not inherit objects), and warms the start scenario before serving.
    import json
    import secrets

    from ..explorer.app import CONFIG_ENV

    create_app(root, **settings)  # bad settings fail here, once, not in every worker
    os.environ[CONFIG_ENV] = json.dumps(dict(settings, root=str(root.resolve()), csrf_token=secrets.token_urlsafe(32)))
    err_console.print(f"realpolitik explorer on {url}  (serving {root.resolve()}; Ctrl-C stops)", highlight=False)
    uvicorn.run("realpolitik.explorer.app:app_from_env", factory=True, workers=workers, **opts)
