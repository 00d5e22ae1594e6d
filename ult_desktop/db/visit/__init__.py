"""The visit's paperwork: the register (``register``), cases (``cases``), the back-office
desk's handovers (``handover``) and help in the hall (``hall``); the ticket is ``queue/``'s."""
