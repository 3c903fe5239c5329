(false || true -> false)
