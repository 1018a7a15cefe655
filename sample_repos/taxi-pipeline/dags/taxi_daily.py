"""Airflow DAG: fetch yesterday's trips, then build the dbt models."""

import datetime as dt

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

from ingestion.fetch_trips import fetch_day, load_day


def _ingest(ds: str, **_) -> None:
    day = dt.date.fromisoformat(ds)
    load_day(day, fetch_day(day))


with DAG("taxi_daily", start_date=dt.datetime(2026, 1, 1), schedule="0 6 * * *", catchup=False) as dag:
    ingest = PythonOperator(task_id="ingest", python_callable=_ingest, retries=3)
    build = BashOperator(task_id="dbt_build", bash_command="cd /opt/dbt && dbt build")
    ingest >> build
