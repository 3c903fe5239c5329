(builtins.mapAttrs (name: value: throw "no ${name}") {
  a = 1;
}).a
