"""Messages and feedback get an `id` that keeps the order they were written in.

SQLite ordered them by its hidden rowid, which PostgreSQL lacks. In SQLite an INTEGER PRIMARY KEY
is the rowid itself, so each table is rebuilt with its rows keeping their rowids as ids; in
PostgreSQL an identity column is added.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = {
    "messages": ("session_id", "role", "content", "items", "created"),
    "feedback": ("session_id", "item_id", "feedback", "created"),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in COLUMNS.items():
        if sqlite:
            op.create_table(
                f"{table}_new",
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                *(sa.Column(c, sa.Float if c == "created" else sa.Text, nullable=False) for c in columns),
            )
            listed = ", ".join(columns)
            op.execute(f"INSERT INTO {table}_new (id, {listed}) SELECT rowid, {listed} FROM {table}")
            op.drop_table(table)
            op.rename_table(f"{table}_new", table)
            op.create_index(f"{table}_session", table, ["session_id"])
        else:
            op.add_column(table, sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False))
            op.create_primary_key(f"{table}_pkey", table, ["id"])


def downgrade() -> None:
    for table in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("id")
