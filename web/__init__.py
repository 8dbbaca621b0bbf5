"""The web layer: the JSON API, the Gradio UI and its client API, and what guards them (sessions,
hosts, limits); app.py puts them together."""
