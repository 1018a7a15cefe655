"""Ask the deployed API for one employee's attrition probability."""

import argparse
import os

import requests

API_URL = os.environ.get("ATTRITION_API", "https://attrition.ada-learner.dev")


def main() -> None:
    """Parse the employee's fields and print the API's answer."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--age", type=int, required=True)
    parser.add_argument("--monthly-income", type=float, required=True)
    parser.add_argument("--overtime", choices=["yes", "no"], required=True)
    parser.add_argument("--years-at-company", type=int, required=True)
    args = parser.parse_args()
    body = {"age": args.age, "monthly_income": args.monthly_income, "overtime": args.overtime == "yes", "years_at_company": args.years_at_company}
    response = requests.post(f"{API_URL}/predict", json=body, timeout=10)
    response.raise_for_status()
    print(f"attrition probability: {response.json()['attrition_probability']:.2f}")


if __name__ == "__main__":
    main()
