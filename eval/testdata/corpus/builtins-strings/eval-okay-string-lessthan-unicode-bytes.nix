builtins.lessThan "é" "f"
