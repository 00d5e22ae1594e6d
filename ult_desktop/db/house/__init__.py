"""The office and its people: settings, services and counters (``office``), officers
(``officers``), the wrong-PIN lockout (``pinlock``), the stations of the hall
(``stations``, ``fleet``), and making an office file or the demo office (``setup``)."""
