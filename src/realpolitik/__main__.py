"""``python -m realpolitik``: the same entry point as the ``realpolitik`` console script."""

from realpolitik.cli import main

main()
