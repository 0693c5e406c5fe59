"""HTTP routers: thin, they parse, authorise, call one service and render."""
