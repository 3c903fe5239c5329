a: b: a ? "${b}"
