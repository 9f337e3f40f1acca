"""Actors: the knowledge base, and the resolver that maps mentions in text onto it."""
