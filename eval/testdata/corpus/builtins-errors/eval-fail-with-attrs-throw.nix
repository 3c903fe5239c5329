with (throw "scope"); undefined_thing
