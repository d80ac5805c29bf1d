"""Column types shared by the ORM and the migrations."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from ..errors import InputError


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC on every engine and read back aware (UTC).

    SQLite keeps no zone and returns naive values; PostgreSQL's ``timestamptz`` returns
    the session zone. Both round-trip the same instant to the microsecond.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise InputError(f"time {value!r} has no time zone", expected="an aware datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
