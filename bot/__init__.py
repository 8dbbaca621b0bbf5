"""Conversation side of FlexRec: the LLM, the interest profile, the reply writer."""
