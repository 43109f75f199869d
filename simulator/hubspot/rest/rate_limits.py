"""HubSpot's API rate limits, with no HTTP: rolling windows per credential, the developer key's daily count, and a
fault that refuses the next requests so a backend's retry logic can be tested.

HubSpot (developers.hubspot.com/docs/guides/apps/api-usage/usage-details): a private app's token gets 100 requests
per rolling 10 s (policy TEN_SECONDLY_ROLLING); the CRM search endpoints have their own limit of 5 a second
(SECONDLY); calls authenticated with an API key also count against a daily limit (DAILY), the only calls whose
answers carry the daily headers (developer changelog, "Rate limit headers will now appear for OAuth authenticated
calls").
"""

from __future__ import annotations

import datetime
import enum
import fnmatch
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]  # seconds since the epoch (time.time); tests pass one they move by hand


@dataclass(frozen=True)
class Policy:
    """One of HubSpot's limits: `limit` requests per `interval_ms`, named as HubSpot's 429 names it."""

    name: str
    limit: int
    interval_ms: int

    @property
    def message(self) -> str:
        return f"You have reached your {self.name.lower()} limit."


TEN_SECONDLY = Policy("TEN_SECONDLY_ROLLING", 100, 10_000)
SEARCH = Policy("SECONDLY", 5, 1_000)
DAILY = Policy("DAILY", 250_000, 86_400_000)  # the Free/Starter daily limit, the lowest HubSpot documents
POLICIES = {policy.name: policy for policy in (TEN_SECONDLY, SEARCH, DAILY)}


class Credential(enum.Enum):
    TOKEN = "access token"
    DEVELOPER_KEY = "developer key"


class SlidingWindow:
    """The times of the requests admitted within the last interval: a rolling window, as HubSpot's."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.times: deque[float] = deque()

    def _expire(self, now: float) -> None:
        start = now - self.policy.interval_ms / 1000
        while self.times and self.times[0] <= start:
            self.times.popleft()

    def remaining(self, now: float) -> int:
        self._expire(now)
        return max(0, self.policy.limit - len(self.times))

    def full(self, now: float) -> bool:
        return self.remaining(now) == 0

    def admit(self, now: float) -> None:
        self._expire(now)
        self.times.append(now)

    def retry_after(self, now: float) -> int:
        """Whole seconds until the oldest request leaves the window (at least 1: Retry-After is in seconds)."""
        self._expire(now)
        if len(self.times) < self.policy.limit:
            return 1
        frees_at = self.times[len(self.times) - self.policy.limit] + self.policy.interval_ms / 1000
        return max(1, math.ceil(frees_at - now))


@dataclass
class DailyCount:
    """Requests counted since midnight UTC (HubSpot uses the portal's time zone; callsim's portal is UTC)."""

    day: datetime.date
    count: int = 0

    def roll(self, now: float) -> None:
        today = _utc_day(now)
        if today != self.day:
            self.day, self.count = today, 0

    def remaining(self) -> int:
        return max(0, DAILY.limit - self.count)


def _utc_day(now: float) -> datetime.date:
    return datetime.datetime.fromtimestamp(now, datetime.UTC).date()


def seconds_to_midnight(now: float) -> int:
    tomorrow = datetime.datetime.combine(_utc_day(now) + datetime.timedelta(days=1), datetime.time(), datetime.UTC)
    return max(1, math.ceil(tomorrow.timestamp() - now))


@dataclass
class Fault:
    """Answer 429 to the next `count` requests whose path matches `path` (a glob; None count: all of them)."""

    count: int | None = 1
    path: str = "*"
    policy: Policy | None = None  # None: the limit the request would naturally hit (SECONDLY for search)
    retry_after: int = 1

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "path": self.path,
            "policyName": self.policy.name if self.policy else None,
            "retryAfter": self.retry_after,
        }

    @classmethod
    def parse(cls, spec: str) -> Fault:
        """`N`, `N@GLOB`, `*` or `*@GLOB` (the `callsim serve --rest-fault-429` value); ValueError says why not."""
        count_text, _, path = spec.partition("@")
        if count_text.strip() == "*":
            count = None
        elif count_text.strip().isascii() and count_text.strip().isdecimal() and int(count_text) > 0:
            count = int(count_text)
        else:
            raise ValueError(f"expected N, N@PATH, * or *@PATH (N a whole number above 0), got {spec!r}")
        if "@" in spec and not path.startswith("/"):
            raise ValueError(
                f"the path after @ must start with / (a glob such as /crm/v3/objects/calls*), got {spec!r}"
            )
        return cls(count=count, path=path or "*")


@dataclass(frozen=True)
class Verdict:
    """What one request met: the window its headers describe, and the limit that refused it (None: admitted)."""

    window: Policy
    remaining: int
    daily_remaining: int | None  # None: not a developer-key call, so no daily headers
    refused_by: Policy | None = None
    retry_after: int = 0

    def headers(self) -> dict[str, str]:
        found = {
            "X-HubSpot-RateLimit-Max": str(self.window.limit),
            "X-HubSpot-RateLimit-Remaining": str(self.remaining),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(self.window.interval_ms),
        }
        if self.daily_remaining is not None:
            found["X-HubSpot-RateLimit-Daily"] = str(DAILY.limit)
            found["X-HubSpot-RateLimit-Daily-Remaining"] = str(self.daily_remaining)
        if self.refused_by is not None:
            found["Retry-After"] = str(self.retry_after)
        return found


@dataclass
class RateLimits:
    """Every credential's windows and daily count, and the fault; `enforce` False counts but never refuses."""

    enforce: bool = True
    clock: Clock = time.time
    fault: Fault | None = None
    windows: dict[tuple[Credential, str], SlidingWindow] = field(default_factory=dict)
    daily: dict[Credential, DailyCount] = field(default_factory=dict)

    def _window(self, credential: Credential, policy: Policy) -> SlidingWindow:
        return self.windows.setdefault((credential, policy.name), SlidingWindow(policy))

    def _daily(self, credential: Credential, now: float) -> DailyCount | None:
        if credential is not Credential.DEVELOPER_KEY:
            return None
        count = self.daily.setdefault(credential, DailyCount(_utc_day(now)))
        count.roll(now)
        return count

    def check(self, credential: Credential, path: str, search: bool) -> Verdict:
        """Count one request, or refuse it (a refused request is not counted, as the window it hit is full)."""
        now = self.clock()
        window = self._window(credential, SEARCH if search else TEN_SECONDLY)
        daily = self._daily(credential, now)
        if self.fault is not None and self.fault.matches(path):
            return self._faulted(window, daily)
        if self.enforce and daily is not None and daily.remaining() == 0:
            return Verdict(window.policy, window.remaining(now), 0, DAILY, seconds_to_midnight(now))
        if self.enforce and window.full(now):
            daily_left = daily.remaining() if daily else None
            return Verdict(window.policy, 0, daily_left, window.policy, window.retry_after(now))
        window.admit(now)
        if daily is not None:
            daily.count += 1
        return Verdict(window.policy, window.remaining(now), daily.remaining() if daily else None)

    def _faulted(self, window: SlidingWindow, daily: DailyCount | None) -> Verdict:
        fault = self.fault
        assert fault is not None
        if fault.count is not None:
            fault.count -= 1
            if fault.count == 0:
                self.fault = None
        refused_by = fault.policy or window.policy
        return Verdict(window.policy, 0, daily.remaining() if daily else None, refused_by, fault.retry_after)

    def reset(self) -> None:
        """Empty every window and daily count (the fault stays)."""
        self.windows.clear()
        self.daily.clear()

    def to_json(self) -> dict[str, Any]:
        now = self.clock()
        windows = [
            {
                "credential": credential.value,
                "policyName": name,
                "max": window.policy.limit,
                "intervalMilliseconds": window.policy.interval_ms,
                "remaining": window.remaining(now),
            }
            for (credential, name), window in sorted(self.windows.items(), key=lambda item: item[0][1])
        ]
        daily = {credential.value: {"max": DAILY.limit, "remaining": count.remaining()} for credential, count in
                 self.daily.items()}  # fmt: skip
        return {
            "enforce": self.enforce,
            "fault": self.fault.to_json() if self.fault else None,
            "windows": windows,
            "daily": daily,
        }
