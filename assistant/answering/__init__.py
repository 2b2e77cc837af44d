"""Answers from retrieved passages: question analysis, the extractive answerer, language model backends and the checks every generated sentence passes."""
