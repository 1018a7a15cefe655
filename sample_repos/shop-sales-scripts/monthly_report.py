"""Monthly sales report for the shop managers (run after clean_sales.py)."""

import matplotlib.pyplot as plt
import pandas as pd

sales = pd.read_csv("sales_clean.csv", parse_dates=["day"])
sales = sales[sales["net"] > 0]
sales["month"] = sales["day"].dt.to_period("M")
month = sales["month"].max()
this_month = sales[sales["month"] == month]
last_month = sales[sales["month"] == month - 1]
print("Report for", month)
print("=" * 40)

by_store = this_month.groupby("store")["net"].sum().sort_values(ascending=False)
by_store_last = last_month.groupby("store")["net"].sum()
change = ((by_store - by_store_last) / by_store_last * 100).round(1)
print("Net sales by store:")
print(by_store.round(2).to_string())
print("Change on last month (%):")
print(change.to_string())

top_skus = this_month.groupby("sku")["qty"].sum().sort_values(ascending=False).head(10)
print("Top ten products by units:")
print(top_skus.to_string())
slow = this_month.groupby("sku")["qty"].sum()
slow = slow[slow < 3].index.tolist()
print("Products selling fewer than three units:", len(slow))

daily = this_month.groupby("day")["net"].sum()
weekday = this_month.groupby(this_month["day"].dt.day_name())["net"].mean().round(2)
print("Average net sales by weekday:")
print(weekday.to_string())
best_day = daily.idxmax()
worst_day = daily.idxmin()
print("Best day:", best_day.date(), round(daily.max(), 2))
print("Worst day:", worst_day.date(), round(daily.min(), 2))

fig, ax = plt.subplots(figsize=(10, 4))
daily.plot(ax=ax, title=f"Daily net sales, {month}")
ax.set_ylabel("net sales (GBP)")
fig.tight_layout()
fig.savefig(f"report_{month}.png")

by_store.to_csv(f"by_store_{month}.csv")
top_skus.to_csv(f"top_skus_{month}.csv")
print("Saved report files for", month)
