# more than five repeated frames in a row are summed up in one line
let
  down = n: if n == 0 then throw "bottom" else down (n - 1);
in
down 20
