"""Kiosk mode: the touchscreen where visitors take a queue number."""
