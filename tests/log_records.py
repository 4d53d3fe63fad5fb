"""Every log record of every logger, at DEBUG, as text: for tests that prove a secret is never
logged, whatever a logger's configured level or handlers would have let through."""

import contextlib
import logging


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


# What a handler could write: the message with its arguments, the exception with its traceback,
# the stack, and the record's source.
FULL_FORMAT = logging.Formatter("%(name)s %(levelname)s %(pathname)s:%(lineno)d %(message)s")


def as_text(record):
    return f"{FULL_FORMAT.format(record)} args={record.args!r}"


@contextlib.contextmanager
def all_log_records():
    """Yields a list that fills with every record logged inside the block, as text."""
    collector = _Collector()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        logger.addHandler(collector)
    texts = []
    try:
        yield texts
    finally:
        for logger, level, disabled in saved:
            logger.removeHandler(collector)
            logger.setLevel(level)
            logger.disabled = disabled
        # A record propagates to several loggers' handlers; each is kept once.
        texts.extend(as_text(record) for record in dict.fromkeys(collector.records))
