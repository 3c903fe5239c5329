let d = { type = "derivation"; drvPath = "/d"; outPath = "/o"; name = "x"; }; in builtins.toXML [ d d ]
