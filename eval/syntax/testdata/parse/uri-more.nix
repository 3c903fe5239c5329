[ a:b https://x.y/z#frag git+ssh://a@b:c/d x:x/y ]
