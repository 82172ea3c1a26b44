"""`python -m generator`: the same command line as `briefing`."""

from .cli.main import main

if __name__ == "__main__":
    main(prog_name="briefing")
