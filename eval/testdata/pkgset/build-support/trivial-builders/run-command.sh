source $stdenv/setup
. "$buildCommandPath"
