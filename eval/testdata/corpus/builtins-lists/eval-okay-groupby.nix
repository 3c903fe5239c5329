builtins.groupBy (x: if x > 2 then "big" else "small") [ 1 3 2 4 ]
