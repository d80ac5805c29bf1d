"""The ``games`` section of a scenario file.

Placeholder owned by the games pillar: accepts any mapping until the games
package defines the real specification.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["GameSpec"]


class GameSpec(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    description: str = ""


def validate_games(games: tuple[GameSpec, ...], scenario: Any) -> list[tuple[str, str, str | None]]:
    """Cross-checks against the rest of the scenario: (path, message, expected) triples."""
    return []
