"""Fetch one day of trips from the open-data API and load it into Postgres idempotently."""

import datetime as dt
import os

import pandas as pd
import psycopg2
import requests

API = "https://data.example-city.gov/resource/trips.json"


def fetch_day(day: dt.date, session: requests.Session | None = None) -> pd.DataFrame:
    """Download all trips that started on DAY, page by page."""
    session = session or requests.Session()
    rows, offset = [], 0
    while True:
        page = session.get(API, params={"$where": f"date_trunc_ymd(pickup)='{day}'", "$limit": 50000, "$offset": offset}, timeout=60)
        page.raise_for_status()
        batch = page.json()
        if not batch:
            break
        rows.extend(batch)
        offset += len(batch)
    frame = pd.DataFrame(rows)
    frame["fare"] = pd.to_numeric(frame.get("fare"), errors="coerce")
    return frame.dropna(subset=["fare"])


def load_day(day: dt.date, frame: pd.DataFrame) -> None:
    """Replace DAY's rows in raw.trips in one transaction."""
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:
        cur.execute("delete from raw.trips where pickup_date = %s", (day,))
        cur.executemany("insert into raw.trips values (%s, %s, %s)", frame[["trip_id", "pickup", "fare"]].itertuples(index=False))
