"""The registry's error: bad input or an action the registry refuses."""

from __future__ import annotations

from ..errors import RealpolitikError


class RegistryError(RealpolitikError, ValueError):
    """A registry input is invalid or an action is refused (nothing was written)."""
