"""``python -m realpolitik``: the same entry point as the ``realpolitik`` console script."""

if __name__ == "__main__":
    from realpolitik.cli import main

    main()
