# A with set is never forced for a global name, so a with over the set
# being defined does not recurse.
let s = with s; if true then { a = 1; } else { }; in s.a
