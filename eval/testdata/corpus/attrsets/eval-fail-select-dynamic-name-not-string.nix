let
  attrs = {
    puppy.doggy = { };
  };
  key = 1;
in
attrs.puppy.${key}
