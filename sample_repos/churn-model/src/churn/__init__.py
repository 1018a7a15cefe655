"""Churn prediction for a subscription business."""
