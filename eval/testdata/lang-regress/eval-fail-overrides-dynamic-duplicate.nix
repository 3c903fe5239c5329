# A dynamic attribute may not repeat a name that __overrides added.
rec { "${"added"}" = 1; __overrides = { added = 2; }; }
