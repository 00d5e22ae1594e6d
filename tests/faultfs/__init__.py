"""Fault-injecting FUSE "network share" for tests and benchmarks (see ``control.FaultShare``)."""

from tests.faultfs.control import FaultShare, FuseUnavailable, fuse_unavailable_reason

__all__ = ["FaultShare", "FuseUnavailable", "fuse_unavailable_reason"]
