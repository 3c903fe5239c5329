/foo + "/bar"
