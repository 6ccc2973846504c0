"""What the command line takes from the environment. The library never reads it: its functions take
limits and credentials as arguments, and these are the values `kg` passes. Click-free, for the fast
path of `kg query`.
"""

from __future__ import annotations

import os

from kg.limits import Limits


def endpoint(url: str, *, query_url: str | None = None, store_url: str | None = None, timeout: float | None = None):
    """The remote store of --endpoint, with the KG_ENDPOINT_* credentials and, without --timeout,
    KG_ENDPOINT_TIMEOUT (read after the URLs are checked, as the messages have always come)."""
    from dataclasses import replace

    from kg.interop.remote import endpoint as make

    ep = make(url, query_url=query_url, store_url=store_url, timeout=timeout, environ=os.environ)
    return ep if timeout is not None else replace(ep, timeout=Limits.from_env().endpoint_timeout)
