builtins.toXML { type = "derivation"; outPath = "/out"; drvPath = "/drv"; name = "n"; }
