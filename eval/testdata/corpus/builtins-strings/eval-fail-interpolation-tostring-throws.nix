"${{ __toString = s: throw "inside"; }}"
