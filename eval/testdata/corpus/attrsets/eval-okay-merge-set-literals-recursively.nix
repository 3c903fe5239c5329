# Two definitions of x as set literals merge, and so do their attributes
# that both define as set literals, at any depth.
{
  x.y = { a = 1; };
  x = { y = { b = 2; }; z = 3; };
  x.y.c = { d = 4; };
  x = { y = { c = { e = 5; }; }; };
}
