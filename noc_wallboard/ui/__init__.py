"""Qt widgets. The only package that imports PySide6, pyqtgraph or qasync.

Widgets take view-models, do no I/O and no business logic.
"""
