"""The SKM survey in the shared file: anonymous responses proved by a visit's code
(``skm``) and the office's follow-up plan for a weak unsur (``skm_followups``)."""
