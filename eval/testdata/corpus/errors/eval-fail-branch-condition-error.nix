# an error raised while evaluating a condition gets a frame at the if
let x = { }; in if x.missing then 1 else 2
