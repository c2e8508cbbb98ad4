"""Configuration: TOML validated into typed models, errors that name file, key and reason."""

from noc_wallboard.config.loader import ConfigError, default_config_path, load_config
from noc_wallboard.config.schema import BoardConfig

__all__ = ["BoardConfig", "ConfigError", "default_config_path", "load_config"]
