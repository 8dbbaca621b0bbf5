"""FlexRec: an open conversational recommender (settings, errors, CLI, service wiring)."""
