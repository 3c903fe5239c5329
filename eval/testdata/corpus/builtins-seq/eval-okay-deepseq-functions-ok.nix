builtins.deepSeq { f = x: throw "body not forced"; } "ok"
