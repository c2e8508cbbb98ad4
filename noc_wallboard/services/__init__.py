"""asyncio orchestration with no Qt: pollers, the board store, the engine."""
