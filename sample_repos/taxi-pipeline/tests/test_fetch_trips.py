"""fetch_day pages through the API and drops rows without a fare."""

import datetime as dt

from ingestion.fetch_trips import fetch_day


class FakeSession:
    def __init__(self, pages):
        self.pages = list(pages)

    def get(self, *args, **kwargs):
        page = self.pages.pop(0)
        return type("R", (), {"json": lambda self: page, "raise_for_status": lambda self: None})()


def test_pages_until_empty_and_drops_bad_fares():
    session = FakeSession([[{"trip_id": 1, "fare": "12.5"}, {"trip_id": 2, "fare": "n/a"}], []])
    frame = fetch_day(dt.date(2026, 1, 1), session)
    assert frame["trip_id"].tolist() == [1]
