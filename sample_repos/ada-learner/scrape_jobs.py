"""Collect ML job postings from a job board into a CSV."""

import csv
import sys

import requests
from bs4 import BeautifulSoup


def postings(url):
    page = requests.get(url, timeout=30)
    soup = BeautifulSoup(page.text, "html.parser")
    for card in soup.select(".job-card"):
        yield card.select_one(".title").get_text(strip=True), card.select_one(".company").get_text(strip=True)


if __name__ == "__main__":
    writer = csv.writer(sys.stdout)
    for row in postings(sys.argv[1]):
        writer.writerow(row)
