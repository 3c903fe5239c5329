"${{ __toString = s: "ts"; outPath = "op"; }}"
