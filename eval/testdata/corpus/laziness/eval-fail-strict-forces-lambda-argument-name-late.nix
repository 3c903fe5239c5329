# A lambda's argument name becomes a symbol after the names in its body.
(first: second: {
  second = throw "second";
  first = throw "first";
  third = throw "third";
}) 1 2
