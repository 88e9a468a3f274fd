"""How fresh a practice is: one reviewed more than two years before the build is
due for review, and says so on its page and in the maintainers' listing. The build
day is SOURCE_DATE_EPOCH's when it is set (a reproducible build), else today."""

from __future__ import annotations

import datetime
import os

REVIEW_AFTER_YEARS = 2


def build_date() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def review_due(last_reviewed: str, today: datetime.date) -> bool:
    """Whether a practice last reviewed on this day (YYYY-MM-DD) is due for review."""
    reviewed = datetime.date.fromisoformat(last_reviewed)
    try:
        limit = today.replace(year=today.year - REVIEW_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - REVIEW_AFTER_YEARS, day=28)
    return reviewed < limit
