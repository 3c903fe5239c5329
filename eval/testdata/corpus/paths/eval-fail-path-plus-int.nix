/foo + 1
