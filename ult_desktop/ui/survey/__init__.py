"""Survey mode: the SKM questionnaire on a tablet at the counter."""
