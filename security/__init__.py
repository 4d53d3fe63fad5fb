"""Security: response headers (CSP and friends), admin login throttling, the CSRF failure page."""
