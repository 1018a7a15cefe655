"""Clean the till exports from every shop into one sales table (grew one shop at a time)."""

import csv
import re
import sys
from datetime import datetime

import pandas as pd

DATE_FORMATS = ['%d/%m/%Y', '%Y-%m-%d', '%d.%m.%y', '%m/%d/%Y %H:%M']
VAT = 0.2
rows_out = []
bad = 0


def parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            pass
    return None


def normalise_row(row, store, mode, fix_vat, currency, last_price, seen):
    """Turn one till row into (date, sku, qty, net) whatever the shop's export looks like."""
    if row is None or len(row) == 0:
        return None
    if store == 'north':
        if mode == 'legacy' and len(row) > 3:
            sku = row[1].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[4] if len(row) > 4 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-NO' if len(row[1]) < 5 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    elif store == 'south':
        if mode == 'legacy' and len(row) > 4:
            sku = row[2].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[5] if len(row) > 5 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-SO' if len(row[1]) < 6 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    elif store == 'harbour':
        if mode == 'legacy' and len(row) > 5:
            sku = row[1].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[4] if len(row) > 4 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-HA' if len(row[1]) < 7 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    elif store == 'mall':
        if mode == 'legacy' and len(row) > 3:
            sku = row[2].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[5] if len(row) > 5 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-MA' if len(row[1]) < 8 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    elif store == 'station':
        if mode == 'legacy' and len(row) > 5:
            sku = row[2].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[5] if len(row) > 5 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-ST' if len(row[1]) < 8 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    elif store == 'market':
        if mode == 'legacy' and len(row) > 3:
            sku = row[2].strip().upper()
            if sku.startswith('X') or sku == '' or sku in seen:
                return None
            qty = int(float(row[2].replace(',', '.'))) if row[2] else 0
            price = float(row[3].replace('£', '').replace(',', '')) if row[3] else last_price.get(sku, 0)
            if fix_vat and price > 0 and currency == 'GBP':
                price = price / (1 + VAT)
            elif currency == 'EUR' and price > 0:
                price = price * 0.86 / (1 + VAT if fix_vat else 1)
            day = parse_date(row[0]) or parse_date(row[5] if len(row) > 5 else '')
            if day is None or qty <= 0 and not (mode == 'returns' or price < 0):
                return None
            return day, sku, qty, round(qty * price, 2)
        elif len(row) > 2 and row[1] and not row[1].startswith('#'):
            sku = re.sub(r'[^A-Z0-9]', '', row[1].upper()) + ('-MK' if len(row[1]) < 8 else '')
            qty = int(row[2]) if row[2].isdigit() else (1 if row[2] == '' else -int(row[2].strip('-') or 0))
            price = last_price.get(sku, 0) if len(row) < 4 or not row[3] else float(row[3]) * (0.86 if currency == 'EUR' else 1)
            day = parse_date(row[0])
            return (day, sku, qty, round(qty * price, 2)) if day else None
        else:
            return None
    else:
        raise ValueError('unknown store ' + store)


last_price = {}
seen = set()
for path in sys.argv[1:]:
    store = path.split('/')[-1].split('_')[0]
    mode = 'legacy' if 'old' in path else ('returns' if 'ret' in path else 'new')
    currency = 'EUR' if store in ('airport', 'online') else 'GBP'
    with open(path, newline='', encoding='latin-1') as handle:
        for row in csv.reader(handle, delimiter=';' if store in ('market', 'kiosk') else ','):
            out = normalise_row(row, store, mode, store != 'outlet', currency, last_price, seen)
            if out is None:
                bad += 1
                continue
            rows_out.append((store,) + out)
            last_price[out[1]] = out[3] / out[2] if out[2] else last_price.get(out[1], 0)

sales = pd.DataFrame(rows_out, columns=['store', 'day', 'sku', 'qty', 'net'])
sales = sales.drop_duplicates()
sales['day'] = pd.to_datetime(sales['day'])
sales['net'] = sales['net'].fillna(0).clip(lower=-500, upper=5000)
sales.to_csv('sales_clean.csv', index=False)
print('rows', len(sales), 'rejected', bad)
