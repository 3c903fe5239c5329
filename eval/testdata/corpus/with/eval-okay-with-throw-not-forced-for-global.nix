# Globals never look at the with set, so it is not evaluated.
with (throw "never forced"); [ true null (toString 1) (map (x: x) [ 2 ]) ]
