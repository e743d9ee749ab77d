"""Logging configuration before a file, and putting it back after (issue 9: state reset).

Loggers that existed keep their level, handlers, filters and parent; loggers
the file created are forgotten (a later ``getLogger`` makes a fresh one, as in
a new process) unless a library the driver keeps created them on import.
"""

from __future__ import annotations

import logging
from typing import Any


def _state(logger: logging.Logger) -> tuple[Any, ...]:
    return (logger.level, list(logger.handlers), list(logger.filters), logger.propagate,
            logger.disabled, logger.parent)


class LoggingState:
    def __init__(self) -> None:
        manager = logging.Logger.manager
        self._entries = dict(manager.loggerDict)
        self._disable = manager.disable
        self._loggers: dict[logging.Logger, tuple[Any, ...]] = {logging.root: _state(logging.root)}
        for logger in self._entries.values():
            if isinstance(logger, logging.Logger):
                self._loggers[logger] = _state(logger)

    def restore(self, kept_packages: set[str]) -> None:
        """Put the configuration back; ``kept_packages``: top-level names of new modules kept."""
        manager = logging.Logger.manager
        attached = {h for state in self._loggers.values() for h in state[1]}
        for name in list(manager.loggerDict):
            if name not in self._entries and name.partition(".")[0] not in kept_packages:
                logger = manager.loggerDict.pop(name)
                if isinstance(logger, logging.Logger):
                    _close_unattached(logger.handlers, attached)
        manager.loggerDict.update(self._entries)
        for logger, (level, handlers, filters, propagate, disabled, parent) in \
                self._loggers.items():
            _close_unattached([h for h in logger.handlers if h not in handlers], attached)
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.filters[:] = filters
            logger.propagate, logger.disabled, logger.parent = propagate, disabled, parent
        manager.disable = self._disable
        manager._clear_cache()  # type: ignore[attr-defined]


def _close_unattached(handlers: list[logging.Handler], attached: set[logging.Handler]) -> None:
    """Flush and close the file's handlers, as ``logging.shutdown`` at exit would."""
    for handler in handlers:
        if handler not in attached:
            try:
                handler.flush()
                handler.close()
            except Exception:  # a broken handler of the file is no harness failure
                pass
