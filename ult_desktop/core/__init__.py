"""Pure domain logic: no Qt, no SQL, no I/O."""
