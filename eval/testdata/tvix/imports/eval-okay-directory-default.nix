[ ((import ./lib) { }).value ((import ./lib) { x = 5; }).value ((import ./lib) { }).here ]
