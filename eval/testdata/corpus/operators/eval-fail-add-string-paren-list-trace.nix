"x" + (
  let v = [ 1 ]; in v
)
