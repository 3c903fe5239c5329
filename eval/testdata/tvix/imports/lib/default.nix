{ x ? 1 }: { value = x * 2; here = baseNameOf ./.; }
