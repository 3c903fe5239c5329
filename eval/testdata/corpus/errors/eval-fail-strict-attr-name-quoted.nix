{
  "a b" = {
    "1c" = throw "inside";
  };
}
