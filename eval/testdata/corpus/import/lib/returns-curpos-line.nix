{
  p = __curPos;
}
