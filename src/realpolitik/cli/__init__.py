"""The ``realpolitik`` command line (typer + rich). Commands stay thin: they
parse options, call the library, and render the result as tables or JSON."""
