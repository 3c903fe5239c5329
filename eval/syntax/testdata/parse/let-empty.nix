let in 1
