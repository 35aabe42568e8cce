from alembic import context

from sabt.store.models import Base, is_name_search_table


def include_name(name, type_, _parent_names) -> bool:
    # the FTS5 name-search tables are made by hand in 0003, not from the models
    return not (type_ == "table" and name and is_name_search_table(name))


connection = context.config.attributes.get("connection")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
