{ a = throw "deep"; }
