"""Next-day PM2.5 exceedance alerts from open air-quality and weather data."""
