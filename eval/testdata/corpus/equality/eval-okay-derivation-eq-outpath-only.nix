{ type = "derivation"; outPath = "/x"; a = throw "not compared"; } == { type = "derivation"; outPath = "/x"; }
