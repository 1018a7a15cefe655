"""Download the full year of household power readings into data/raw/household_power.csv."""

import urllib.request
from pathlib import Path

URL = "https://archive.ics.uci.edu/static/public/235/household_power_consumption_2024.csv"
TARGET = Path("data/raw/household_power.csv")


def main() -> None:
    """Fetch the file once; do nothing if it is already there."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    if not TARGET.exists():
        urllib.request.urlretrieve(URL, TARGET)


if __name__ == "__main__":
    main()
