with (throw "never forced"); let a = 1; in a
