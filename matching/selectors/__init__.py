"""The matching app's reads, scoped to the user: matches (matches, rounds, proposals, who
can be matched), year (trajectories and their timeline) and followup (the board's signals)."""
