# Small functions on functions, booleans and numbers.
{ lib }:
rec {
  id = x: x;
  const = x: _: x;
  flip = f: a: b: f b a;
  pipe = builtins.foldl' (x: f: f x);
  boolToString = b: if b then "true" else "false";
  mergeAttrs = x: y: x // y;
  min = x: y: if x < y then x else y;
  max = x: y: if x > y then x else y;
  mod = base: int: base - (int * (builtins.div base int));

  # setFunctionArgs f args is f as a functor whose functionArgs are args.
  setFunctionArgs = f: args: {
    __functor = self: f;
    __functionArgs = args;
  };

  # functionArgs sees through functors made by setFunctionArgs.
  functionArgs = f:
    if f ? __functor
    then f.__functionArgs or (functionArgs (f.__functor f))
    else builtins.functionArgs f;

  isFunction = f: builtins.isFunction f || (f ? __functor && isFunction (f.__functor f));

  importJSON = path: builtins.fromJSON (builtins.readFile path);

  warnIf = cond: msg: if cond then builtins.trace "warning: ${msg}" else id;

  toHexString = n:
    let
      digits = lib.strings.stringToCharacters "0123456789abcdef";
      go = n: if n < 16 then builtins.elemAt digits n
        else go (n / 16) + builtins.elemAt digits (mod n 16);
    in
    go n;
}
