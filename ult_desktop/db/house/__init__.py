"""The office and its people: settings, services and counters (``office``), officers at
the admin window and their audited logins (``officers``), the wrong-PIN lockout
(``pinlock``), the stations of the hall with their heartbeats, printers and morning check
(``stations``), and making an office file or the demo office (``setup``)."""
