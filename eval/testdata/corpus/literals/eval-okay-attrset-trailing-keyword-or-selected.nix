let or = { }; in 1
