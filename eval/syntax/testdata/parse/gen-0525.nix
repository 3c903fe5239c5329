with {}; x: let in b or 45.${"s"}
