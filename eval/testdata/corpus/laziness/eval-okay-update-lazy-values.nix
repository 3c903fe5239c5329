({ a = throw "x"; } // { b = 1; }).b
