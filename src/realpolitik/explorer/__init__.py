"""The explorer: an interactive web page where an analyst moves a scenario's assumptions.

``realpolitik serve [SCENARIO|DIR]`` starts it (docs/explorer.md). FastAPI and
uvicorn are the ``explorer`` extra; importing this package does not import
them, :func:`create_app` does (and names the extra when it is missing).

>>> from realpolitik.explorer import missing_dependencies
>>> isinstance(missing_dependencies(), list)
True
"""

from __future__ import annotations

from typing import Any

from ..errors import RealpolitikError

__all__ = ["create_app", "missing_dependencies", "require", "EXTRA_HINT"]

#: The packages of the ``explorer`` extra, by import name.
_NEEDS = ("fastapi", "uvicorn", "jinja2", "multipart")
EXTRA_HINT = "pip install 'realpolitik[explorer]'"


def missing_dependencies() -> list[str]:
    """Import names of the explorer's dependencies that are not installed."""
    from importlib.util import find_spec

    return [m for m in _NEEDS if find_spec(m) is None]


def require() -> None:
    """Raise a ``RealpolitikError`` naming the ``explorer`` extra if a dependency is missing."""
    missing = missing_dependencies()
    if missing:
        names = {"multipart": "python-multipart"}
        raise RealpolitikError("the explorer needs " + ", ".join(names.get(m, m) for m in missing)
                               + ", which are not installed", expected=f"the explorer extra: {EXTRA_HINT}")


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI application (see :func:`realpolitik.explorer.app.create_app`)."""
    require()
    from .app import create_app as make

    return make(*args, **kwargs)
