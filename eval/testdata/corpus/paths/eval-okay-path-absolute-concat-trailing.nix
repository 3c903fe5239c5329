/foo + "/"
