"""Filled in by the module that owns these models; nothing here yet."""

__all__ = []
