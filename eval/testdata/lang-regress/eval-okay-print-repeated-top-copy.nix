# The printed result is itself a copy, so a two-element list that refers
# to itself is printed one level deeper before it repeats.
let pair = [ pair "x" ]; in pair
