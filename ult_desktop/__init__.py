"""ULT Desktop: queue and service-desk system for Indonesian ULT offices."""

__version__ = "0.1.0"
