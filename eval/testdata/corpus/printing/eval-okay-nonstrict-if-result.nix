if true then { a = 1; } else { }
