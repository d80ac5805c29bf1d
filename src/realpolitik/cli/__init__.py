"""The ``realpolitik`` command line (typer + rich). Commands stay thin: they
parse options, call the library, and render the result as tables or JSON.

Start-up rule: nothing heavy at module top of ``cli/*`` (numpy, pandas, scipy,
matplotlib, numba, the engines); import inside the command function.
``tests/cli/test_startup.py`` enforces it for every registered command module.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point; ``--version`` answers before typer and rich are imported."""
    if sys.argv[1:] == ["--version"]:
        from .._version import __version__

        sys.stdout.write(f"realpolitik {__version__}\n")
        return
    import os

    # Pydantic looks for plugins by scanning the entry points of every installed distribution on
    # its first model (~0.1 s in a large environment); the CLI uses none. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .app import main as app_main

    app_main()
