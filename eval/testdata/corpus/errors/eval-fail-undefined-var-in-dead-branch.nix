let f = x: if false then undefinedName else x; in f 1
