# __overrides also applies to a rec set that has dynamic attributes: it
# replaces static attributes (in the set and in the rec scope) and adds new
# ones before the dynamic attributes are added.
[
  (rec { "${"dyn"}" = kept; kept = 1; __overrides = { kept = 10; extra = 20; }; })
  (rec { "${"d" + "x"}" = y; y = 2; z = y; __overrides = { y = 3; }; })
]
