let
  big = 3037000500;
  boom = throw "left operand";
in
[ (1 - (big * big * 2)) (boom * 2) ]
