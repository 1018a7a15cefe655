"""Allow `python -m readiness`."""

from readiness.cli.main import main

if __name__ == "__main__":
    main()
