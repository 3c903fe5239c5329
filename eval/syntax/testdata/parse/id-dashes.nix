a--b: a--b
