"""Answering: question analysis, answer units, the extractive answerer and its fitted weights."""
