"""Scripts to download or generate data."""


def main():
    """Runs data processing scripts to turn raw data from (../raw) into cleaned data ready to be analyzed."""
    pass


if __name__ == "__main__":
    main()
