# An error in an element: the frame of toString's argument.
toString [ 1 [ (throw "element") ] ]
