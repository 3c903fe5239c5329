{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyquilowar }:

buildPythonPackage rec {
  pname = "pyvintemcor";
  version = "2005";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "168vi5x2d02xspwl08h14di8l49lz4w1sq6wn09c2dry47jlhk3a";
  };

  propagatedBuildInputs = [ pyquilowar ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvintemcor library, generated";
    homepage = "https://example.org/projects/pyvintemcor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob alice ];
  };
}
