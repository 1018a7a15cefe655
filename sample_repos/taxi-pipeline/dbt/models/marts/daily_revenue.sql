select
    date_trunc('day', pickup_at) as day,
    count(*) as trips,
    sum(fare) as revenue
from {{ ref('stg_trips') }}
group by 1
