#!/bin/sh
echo "tvix derivation corpus"
