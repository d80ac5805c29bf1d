"""The Dask worker plugin that ties a local cluster's workers to our process (imported only with dask)."""

from __future__ import annotations

import os
from typing import Any

from distributed import WorkerPlugin

from .backends import die_with_parent


class DieWithParent(WorkerPlugin):
    """The worker process ends when its parent (the process holding the LocalCluster) dies."""

    name = "realpolitik-die-with-parent"

    def setup(self, worker: Any) -> None:
        die_with_parent(os.getppid())
