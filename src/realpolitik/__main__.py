"""``python -m realpolitik``: the same command line as the ``realpolitik`` script."""

if __name__ == "__main__":
    from realpolitik.cli import main

    raise SystemExit(main())
