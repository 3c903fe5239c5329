{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymicordor, pykamipul, pysolsolsol }:

buildPythonPackage rec {
  pname = "pygrawarsol";
  version = "2000";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-Mp92znyFJVUxZAAaOC7Y8iJe4bq+ErWLuC+b8KE9Br0=";
  };

  propagatedBuildInputs = [ pymicordor pykamipul pysolsolsol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pygrawarsol library, generated";
    homepage = "https://example.org/projects/pygrawarsol";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
