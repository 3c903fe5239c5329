let {}
