let x = "mid"; in baseNameOf /a/${x}/end
