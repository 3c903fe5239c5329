builtins.match "(([a-c])|x)*" "abxc"
