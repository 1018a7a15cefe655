"""Allow `python -m readiness`."""

from readiness.cli.main import run

if __name__ == "__main__":
    run()
