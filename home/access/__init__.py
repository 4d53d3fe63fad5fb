"""Who may call the API and feeds, how often, and from which web origins (partners and anonymous)."""
