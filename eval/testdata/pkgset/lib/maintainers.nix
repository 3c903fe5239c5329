# Maintainers, made up.
{ lib }:
lib.genAttrs [ "alice" "bob" "carol" "dave" "erin" ] (handle: {
  github = handle;
  name = lib.toUpper (builtins.substring 0 1 handle) + builtins.substring 1 100 handle;
  email = "${handle}@example.org";
})
