let x = "seg"; in baseNameOf ./${x}
