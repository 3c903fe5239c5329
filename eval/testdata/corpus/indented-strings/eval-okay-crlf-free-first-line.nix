''abc''
