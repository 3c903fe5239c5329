builtins.functionArgs ({ a ? throw "never" }: a)
