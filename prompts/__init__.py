"""Prompt templates, one YAML file per prompt, loaded by name (see bot/prompts.py)."""
