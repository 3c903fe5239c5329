{ outPath = "/p"; }
