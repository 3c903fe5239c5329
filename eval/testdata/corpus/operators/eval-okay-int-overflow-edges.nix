let
  max = 9223372036854775807;
  min = -9223372036854775807 - 1;
in
[
  (max + 0)
  (min + max)
  (min - 0)
  (max - max)
  (-max)
  (min * 1)
  (max * -1)
  (3037000499 * 3037000499)
  (-3037000499 * 3037000499)
  (4611686018427387904 * -2)
  (min / 1)
  (builtins.add min max)
  (builtins.sub max max)
  (builtins.mul (-1) max)
  (1.5 + max)
  (max * 2.0)
  (min - 1.0)
]
