a: if a then 1
