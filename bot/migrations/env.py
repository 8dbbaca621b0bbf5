"""Alembic's environment for the profile store: it always runs on the connection that
bot.store_db.migrate hands over (inside its lock), never from a URL of its own."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("the profile store migrates itself when it opens: run FlexRec (or bot.store_db.migrate)")
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
