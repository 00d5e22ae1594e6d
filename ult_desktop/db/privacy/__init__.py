"""Personal data under UU 27/2022: NIK and phone emptied after the retention period, in
the file, its backups and exports (``retention``); one person's data found, copied and
corrected on request (``person``) and erased (``erasure``), each by a signed act; the
register of those requests (``requests``)."""
