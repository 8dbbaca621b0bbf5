"""The store as FlexRec made it before migrations: profiles, messages, feedback, damaged profiles.

IF NOT EXISTS throughout, so an SQLite file written by an earlier version is adopted as it is.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("session_id", sa.Text, primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "messages",
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "feedback",
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.Column("feedback", sa.Text, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "damaged_profiles",
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("found", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_index("messages_session", "messages", ["session_id"], if_not_exists=True)
    op.create_index("feedback_session", "feedback", ["session_id"], if_not_exists=True)


def downgrade() -> None:
    for table in ("damaged_profiles", "feedback", "messages", "profiles"):
        op.drop_table(table)
