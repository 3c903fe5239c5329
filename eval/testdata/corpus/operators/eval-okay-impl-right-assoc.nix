(false -> false -> false)
