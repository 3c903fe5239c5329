{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pytorsen";
  version = "2.4.9";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0sbjy7nh3kmr2c1yg6b1f05814pvjmahk41hi7jqfxrrwjjdqnws";
  };

  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pytorsen library, generated";
    homepage = "https://example.org/projects/pytorsen";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
