builtins.deepSeq (builtins.listToAttrs [
  {
    name = "zq";
    value = throw "zq";
  }
  {
    name = "aq";
    value = throw "aq";
  }
]) null
