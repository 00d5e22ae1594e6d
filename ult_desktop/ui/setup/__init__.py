"""First-run station setup (wizard writing the local station config)."""
