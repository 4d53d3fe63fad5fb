"""Event feeds for calendars, feed readers and open-data portals (/feeds/events.*)."""
