# a line ending in CR alone
let x = 1;in
y
