"x${{ __toString = self: "ts"; }}"
