{ type = "derivation"; drvPath = "/x"; name = "n"; }
