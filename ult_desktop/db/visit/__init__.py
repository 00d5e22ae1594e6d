"""The visit's paperwork: the register's record of each visit (``register``), the cases
sent on to back office or a unit utama (``cases``), the back-office desk's handovers
(``handover``) and the help given in the hall: *Butuh bantuan*, service at the seat, Deaf
visitors and interpreters (``hall``). The ticket itself is ``queue/``'s."""
