"""How fresh a practice is: one reviewed more than two years before the site's
date is due for review, and says so on its page and in the maintainers' listing.

The maintainers' listing counts from today (or SOURCE_DATE_EPOCH). The site
counts from the date of its content (`site_date`): the same tree gives the same
pages whatever day it is built, and the notices move on as the project does."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

REVIEW_AFTER_YEARS = 2


def build_date() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def site_date(project: Path, newest_review: str | None) -> datetime.date:
    """The day a build of the site speaks of: SOURCE_DATE_EPOCH's when the caller
    sets it; else the day of the project's last commit, when it is a git
    checkout; else the newest review in the catalog; else today."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return build_date()
    try:
        stamp = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""
    if stamp.isdigit():
        return datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc).date()
    if newest_review:
        return datetime.date.fromisoformat(newest_review)
    return datetime.date.today()


def review_due(last_reviewed: str, today: datetime.date) -> bool:
    """Whether a practice last reviewed on this day (YYYY-MM-DD) is due for review."""
    reviewed = datetime.date.fromisoformat(last_reviewed)
    try:
        limit = today.replace(year=today.year - REVIEW_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - REVIEW_AFTER_YEARS, day=28)
    return reviewed < limit
