"""Exports: pure builders that turn a scoped queryset into a file, and the views that serve them."""
