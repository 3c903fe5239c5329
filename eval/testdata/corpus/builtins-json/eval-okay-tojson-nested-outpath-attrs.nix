builtins.toJSON [ { outPath = { outPath = "deep"; }; } ]
