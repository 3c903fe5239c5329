http://example.org/foo?bar=1
