"""Everything that talks to the outside. The only place httpx exceptions are caught."""
