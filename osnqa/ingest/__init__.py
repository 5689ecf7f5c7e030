"""Reading documents into passages: extraction, structure, splitting."""
