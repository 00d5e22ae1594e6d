"""Signed updates from the office share (docs/updates.md).

``keys``: the key ceremony (an offline root, the day-to-day keys on the admin PC);
``publish``: a release and its TUF metadata written into the share's update folder;
``client``: a station's TUF client, which verifies and stages a release beside the running
one; ``install``: the versioned folders, the ``current`` link, and the start that switches,
checks and goes back by itself. No Qt here: the screens call these through ``ui``."""
