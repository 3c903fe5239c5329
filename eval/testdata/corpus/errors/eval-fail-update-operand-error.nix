# an error raised while evaluating an operand of // gets a frame
let a = { x = 1; } // a; in a.x
