# The message's further lines are indented under the first.
builtins.deepSeq [ (throw "first\nsecond\n  third") ] 1
