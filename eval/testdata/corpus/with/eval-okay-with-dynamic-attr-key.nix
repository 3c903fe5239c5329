with { k = "name"; }; { ${k} = 1; }
