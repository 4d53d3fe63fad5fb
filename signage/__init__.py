"""Signage screens in the civic centre: the kiosk page, its content and its heartbeat."""
