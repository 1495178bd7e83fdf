"""The matching app's pages, one module per part: board, matches, year, portal, followup."""
