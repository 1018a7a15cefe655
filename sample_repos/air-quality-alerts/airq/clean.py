"""Turn raw hourly readings and weather into one clean daily table per station."""

import pandas as pd

WHO_PM25_DAILY = 15.0


def clean_readings(raw: pd.DataFrame) -> pd.DataFrame:
    """Drop re-uploaded and impossible readings, convert local time to UTC, fill short sensor gaps."""
    frame = raw.drop_duplicates(subset=["station", "time"]).copy()
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    frame["pm25"] = pd.to_numeric(frame["pm25"], errors="coerce")
    frame.loc[(frame["pm25"] < 0) | (frame["pm25"] > 1000), "pm25"] = None
    frame = frame.set_index("time").groupby("station")["pm25"].resample("1h").mean().reset_index()
    frame["pm25"] = frame.groupby("station")["pm25"].transform(lambda s: s.interpolate(limit=3))
    return frame.dropna(subset=["pm25"])


def daily_table(readings: pd.DataFrame, weather: pd.DataFrame) -> pd.DataFrame:
    """Daily means per station with the evening's weather and tomorrow's exceedance label."""
    weather = weather.assign(time=pd.to_datetime(weather["time"], utc=True))
    hourly = readings.merge(weather, on=["station", "time"], how="inner")
    hourly["day"] = hourly["time"].dt.floor("D")
    evening = hourly[hourly["time"].dt.hour >= 18].groupby(["station", "day"])[["wind", "temp", "humidity"]].mean()
    daily = hourly.groupby(["station", "day"])["pm25"].mean().to_frame().join(evening).reset_index()
    daily["pm25_tomorrow"] = daily.groupby("station")["pm25"].shift(-1)
    daily["exceeds_tomorrow"] = (daily["pm25_tomorrow"] > WHO_PM25_DAILY).astype(int)
    return daily.dropna(subset=["pm25_tomorrow"])
