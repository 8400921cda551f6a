"""Test data shipped with the suite."""

from pathlib import Path

INSTANCES = Path(__file__).resolve().parent / "instances"
