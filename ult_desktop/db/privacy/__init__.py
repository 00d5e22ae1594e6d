"""Personal data under UU 27/2022: the retention purge (``retention``); one person's data
found, copied, corrected (``person``) and erased (``erasure``) by signed acts; the
register of those requests (``requests``)."""
