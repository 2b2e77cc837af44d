"""Debate preparation for councillors: a neutral, fully cited brief per topic (issue 12)."""
