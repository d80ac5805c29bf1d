"""JSON Schema of scenario files, for editors and other tools.

The committed copy lives at ``docs/scenario.schema.json``; a test checks it
is current (regenerate with ``realpolitik schema -o docs/scenario.schema.json``).
"""

from __future__ import annotations

import json

from .model import Scenario

SCHEMA_ID = "https://realpolitik.invalid/schema/scenario-v1.json"


def schema() -> dict:
    s = Scenario.model_json_schema(mode="validation")
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["$id"] = SCHEMA_ID
    s["title"] = "realpolitik scenario (schema_version 1)"
    return s


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
