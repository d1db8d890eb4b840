"""Reading notes in and writing de-identified notes and annotations out."""
