"""Per-token rate limiting: a token bucket per caller, kept in process memory.

Each gunicorn worker keeps its own buckets, so the effective limit is per worker;
that is enough to stop a runaway script without a shared cache.
"""
from __future__ import annotations

import threading
import time


class RateLimiter:
    def __init__(self, per_minute: float = 1200.0, burst: int = 600) -> None:
        self.rate = max(per_minute, 0.0) / 60.0
        self.burst = max(int(burst), 1)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> float:
        """0 if the request may go ahead, else the seconds to wait before retrying."""
        if not self.enabled:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > 10_000:  # forget idle callers rather than grow without bound
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}
            return (1.0 - tokens) / self.rate
