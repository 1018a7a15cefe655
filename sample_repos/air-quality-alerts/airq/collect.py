"""Download hourly PM2.5 readings and weather for the city's stations from two open APIs."""

import argparse
from pathlib import Path

import pandas as pd
import requests

READINGS_API = "https://api.openaq.example.org/v3/measurements"
WEATHER_API = "https://archive.weather.example.org/v1/hourly"
STATIONS = {"centre": (53.48, -2.24), "airport": (53.36, -2.27), "ringroad": (53.50, -2.20)}


def readings(station: str, since: str, session: requests.Session) -> pd.DataFrame:
    """All PM2.5 readings of STATION since SINCE, following the API's pages."""
    rows, page = [], 1
    while True:
        reply = session.get(READINGS_API, params={"location": station, "parameter": "pm25", "date_from": since, "page": page, "limit": 1000}, timeout=60)
        reply.raise_for_status()
        batch = reply.json()["results"]
        if not batch:
            break
        rows.extend({"station": station, "time": r["date"]["local"], "pm25": r["value"]} for r in batch)
        page += 1
    return pd.DataFrame(rows)


def weather(station: str, since: str, session: requests.Session) -> pd.DataFrame:
    """Hourly wind speed, temperature and humidity at the station's coordinates."""
    lat, lon = STATIONS[station]
    reply = session.get(WEATHER_API, params={"latitude": lat, "longitude": lon, "start_date": since, "hourly": "wind_speed_10m,temperature_2m,relative_humidity_2m"}, timeout=60)
    reply.raise_for_status()
    hourly = reply.json()["hourly"]
    return pd.DataFrame({"station": station, "time": hourly["time"], "wind": hourly["wind_speed_10m"], "temp": hourly["temperature_2m"], "humidity": hourly["relative_humidity_2m"]})


def main() -> None:
    """Write one readings file and one weather file per station."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--since", required=True)
    parser.add_argument("--out", type=Path, default=Path("data/raw"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with requests.Session() as session:
        for station in STATIONS:
            readings(station, args.since, session).to_csv(args.out / f"{station}_pm25.csv", index=False)
            weather(station, args.since, session).to_csv(args.out / f"{station}_weather.csv", index=False)


if __name__ == "__main__":
    main()
