# The duplicate is reported with its whole path.
{
  x.y.y = 3;
  x = { y.y = 3; z = 3; };
}
