let x = "foo"; in /tmp/${x}/bar
