# --parse binds variables: an unbound one is an error, as in evaluation
let f = x: x + y; in f
