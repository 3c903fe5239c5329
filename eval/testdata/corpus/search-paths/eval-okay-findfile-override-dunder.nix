let __findFile = path: name: "custom ${name}"; in <anything/here>
