"""Logs as one JSON object per line (PACTE_LOG_FORMAT=json), for a log collector.

Each line holds the time (UTC, ISO 8601), the level, the logger's name, the message and, for a log
about a request, its path without the query string (which may carry a search on a name) and the
answer's status. Nothing else of the record is written: its `extra` values may be personal data.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        path = getattr(getattr(record, "request", None), "path", None)
        if isinstance(path, str):
            entry["path"] = path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
