"""Connecting to Dask: a `LocalCluster` for `--dask local`, a running scheduler for `--dask ADDRESS`, and the
worker set-up every worker runs once before its first task (kernels loaded, numba cache placed)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from piiscan.errors import EXIT_UNAVAILABLE, EXIT_USAGE, PiiscanError

__all__ = ["WORKER_MEMORY", "connect", "extra_hint", "register", "require_dask"]

WORKER_MEMORY = 600 << 20
"""Memory limit of each `--dask local` worker process: the one-process budget of DESIGN.md §6.  Dask's nanny
restarts a worker past 95 % of it; the task is retried elsewhere and, failing again, counted as skipped."""
CONNECT_TIMEOUT = "10s"


def extra_hint() -> str:
    """How to install the `dask` extra, under whatever name this distribution is installed as."""
    name = "piiscan"
    with contextlib.suppress(Exception):
        from importlib.metadata import packages_distributions

        name = packages_distributions().get("piiscan", [name])[0]
    return f"pip install '{name}[dask]'"


def require_dask() -> None:
    """Fail with a one-line message (exit 2) when the optional `dask` extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise PiiscanError(
            f"--dask needs Dask, an optional part of piiscan: install the `dask` extra ({extra_hint()})",
            exit_code=EXIT_USAGE,
        ) from None


@contextlib.contextmanager
def connect(address: str, *, workers: int = 0, memory_limit: int = WORKER_MEMORY) -> Iterator:
    """A Dask client: a fresh `LocalCluster` of worker processes for "local", else the scheduler at `address`."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    settings = {
        # a scan streams: nothing to spill, and pausing a worker frees nothing
        "distributed.worker.memory.target": False,
        "distributed.worker.memory.spill": False,
        "distributed.worker.memory.pause": False,
        "distributed.scheduler.allowed-failures": 3,
    }
    with dask.config.set(settings):
        if address == "local":
            n = workers or os.cpu_count() or 1
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                memory_limit=memory_limit,
                dashboard_address=":0",  # a free port: two scans on one machine never collide
                silence_logs=50,
            )
            try:
                with Client(cluster) as client:
                    register(client)
                    yield client
            finally:
                cluster.close()
            return
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise PiiscanError(
                f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})", exit_code=EXIT_UNAVAILABLE
            ) from None
        try:
            register(client)
            yield client
        finally:
            client.close()


def register(client) -> None:
    """Install the worker set-up on every worker of `client` (and on those that join later)."""
    from piiscan.distributed.worker import PiiscanSetup

    plugin = PiiscanSetup()
    if hasattr(client, "register_plugin"):
        client.register_plugin(plugin)
    else:  # older distributed
        client.register_worker_plugin(plugin)
