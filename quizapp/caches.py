"""Bounded caches that live as long as a process, shared by its threads: the newest entries stay."""

import threading
from collections import OrderedDict

_LOCK = threading.Lock()


def cached_value(cache: OrderedDict, key):
    """The value cached under `key`, or None."""
    with _LOCK:
        return cache.get(key)


def cache_value(cache: OrderedDict, key, value, limit: int):
    """Put `value` into the cache as its newest entry, dropping the oldest past `limit`."""
    with _LOCK:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > limit:
            cache.popitem(last=False)
    return value
