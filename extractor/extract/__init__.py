"""Extract: parties, blanks and values from the outline and its lines."""
