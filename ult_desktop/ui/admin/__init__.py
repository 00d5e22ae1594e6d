"""Admin mode: office configuration, stations, backup, retention, audit."""
