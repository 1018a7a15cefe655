select
    trip_id,
    cast(pickup as timestamp) as pickup_at,
    fare::numeric(10, 2) as fare
from {{ source('raw', 'trips') }}
where fare >= 0
