"""NOC Wallboard: a Qt wall board for network operations centres."""

__version__ = "0.1.0"
