{ type = "derivation"; drvPath = "/d"; outPath = "/o"; name = "x"; }
