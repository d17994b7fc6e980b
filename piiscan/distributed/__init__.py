"""Scale-out on Dask (DESIGN.md §7): the same scan, cut into tasks, merged into exactly the same report.

`piiscan scan ... --dask local|ADDRESS` and `piiscan.scan(..., client=client)` use it.  Dask is the optional
`dask` extra; nothing here imports it until a scan asks for a cluster.
"""

from piiscan.distributed.cluster import WORKER_MEMORY, connect, extra_hint, register, require_dask
from piiscan.distributed.runner import DaskScan, run_scan
from piiscan.distributed.tasks import FindingsSpec

__all__ = ["WORKER_MEMORY", "DaskScan", "FindingsSpec", "connect", "extra_hint", "register", "require_dask", "run_scan"]
